import HutchConventions

/// One message the broker delivered to a consumer (`basic.deliver`, its content header
/// and body), copied out of librabbitmq's buffers.
///
/// Acknowledge it with `AMQPConnection.ack(_:multiple:)`, `AMQPConnection.nack(_:multiple:requeue:)`
/// or `AMQPConnection.reject(_:requeue:)`, on the connection it came from.
public struct IncomingDelivery: Sendable, Equatable {
    /// The channel the consumer runs on; acknowledgements must use it.
    public var channel: UInt16
    /// The consumer's tag.
    public var consumerTag: String
    /// The delivery tag, unique per channel.
    public var deliveryTag: UInt64
    /// Whether the broker delivered this message before (after a requeue or a lost consumer).
    public var redelivered: Bool
    /// The exchange it was published to (`""` for the default exchange).
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// The content-header properties.
    public var properties: BasicProperties
    /// The body, all frames joined.
    public var body: [UInt8]

    /// Creates a delivery.
    public init(
        channel: UInt16, consumerTag: String, deliveryTag: UInt64, redelivered: Bool, exchange: String,
        routingKey: String, properties: BasicProperties, body: [UInt8]
    ) {
        self.channel = channel
        self.consumerTag = consumerTag
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
        self.body = body
    }
}
