import HutchAMQP
import HutchConventions

/// What a consumer sees of one message: where the broker says it came from, its
/// properties and its body. Live checks compare these, never what was meant to be sent.
struct DeliveredMessage: Sendable, Equatable {
    var exchange: String
    var routingKey: String
    var redelivered: Bool
    var properties: BasicProperties
    var body: [UInt8]

    init(_ delivery: IncomingDelivery) {
        exchange = delivery.exchange
        routingKey = delivery.routingKey
        redelivered = delivery.redelivered
        properties = delivery.properties
        body = delivery.body
    }

    init(_ delivery: Delivery) {
        exchange = delivery.deliver.exchange
        routingKey = delivery.deliver.routingKey
        redelivered = delivery.deliver.redelivered
        properties = delivery.properties
        body = delivery.body
    }

    /// The delivery as the conventions' worker model takes it.
    func delivery(consumerTag: String, deliveryTag: UInt64) -> Delivery {
        Delivery(
            deliver: BasicDeliver(
                consumerTag: consumerTag, deliveryTag: deliveryTag, redelivered: redelivered, exchange: exchange, routingKey: routingKey),
            properties: properties, body: body)
    }

    /// Field-by-field differences, `ruby` being what the broker delivered for Ruby's
    /// side (or what Ruby's consumer recorded) and `swift` the live delivery.
    static func differences(ruby: DeliveredMessage, swift: DeliveredMessage, path: String) -> [Difference] {
        var differ = ModelDiffer()
        differ.compare(path + ".exchange", ruby: ruby.exchange, swift: swift.exchange)
        differ.compare(path + ".routing_key", ruby: ruby.routingKey, swift: swift.routingKey)
        differ.compare(path + ".redelivered", ruby: ruby.redelivered, swift: swift.redelivered)
        differ.compare(path + ".properties", ruby: ruby.properties, swift: swift.properties)
        differ.compare(path + ".body", ruby: ruby.body, swift: swift.body)
        return differ.differences
    }
}
