import HutchConventions

/// The broker's `basic.return` of a `mandatory` publish it could not route (no queue is
/// bound for its routing key): why, and where the message was published.
public struct BasicReturn: Sendable, Equatable, CustomStringConvertible {
    /// The broker's reply code: 312 `NO_ROUTE` for an unroutable message.
    public var replyCode: UInt16
    /// The broker's reply text (`"NO_ROUTE"`).
    public var replyText: String
    /// The exchange the message was published to.
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String

    /// Creates the method.
    public init(replyCode: UInt16, replyText: String, exchange: String, routingKey: String) {
        self.replyCode = replyCode
        self.replyText = replyText
        self.exchange = exchange
        self.routingKey = routingKey
    }

    public var description: String {
        "\(replyCode) \(replyText) for exchange \"\(exchange)\", routing key \"\(routingKey)\""
    }
}

/// A message the broker returned (`basic.return`, then its header and body), as
/// `AMQPConnection.onReturn(channel:_:)` hands it over.
public struct ReturnedMessage: Sendable, Equatable {
    /// The `basic.return`: reply code and text, exchange, routing key.
    public var method: BasicReturn
    /// The message's properties (its `message_id` names it).
    public var properties: BasicProperties
    /// The message's body.
    public var body: [UInt8]

    /// Creates the message.
    public init(method: BasicReturn, properties: BasicProperties, body: [UInt8]) {
        self.method = method
        self.properties = properties
        self.body = body
    }
}
