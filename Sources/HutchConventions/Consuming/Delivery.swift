/// One message as the broker handed it to a consumer: the `basic.deliver` method,
/// the content header's properties and the body bytes.
///
/// This is what bunny passes to Hutch's subscription block as `delivery_info`,
/// `properties` and `payload`; every consuming rule starts from it.
public struct Delivery: Sendable, Equatable {
    /// The `basic.deliver` fields (`delivery_info` in Ruby).
    package var deliver: BasicDeliver
    /// The basic properties (`properties` in Ruby).
    package var properties: BasicProperties
    /// The body bytes (`payload` in Ruby, a binary String).
    package var body: [UInt8]

    /// Creates a delivery.
    package init(deliver: BasicDeliver, properties: BasicProperties = BasicProperties(), body: [UInt8]) {
        self.deliver = deliver
        self.properties = properties
        self.body = body
    }

    /// The delivery tag the worker acknowledges with.
    package var deliveryTag: UInt64 { deliver.deliveryTag }
}
