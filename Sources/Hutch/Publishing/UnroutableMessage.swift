import HutchAMQP

/// A confirmed `mandatory` publish the broker returned (`basic.return`): no queue is
/// bound for its routing key, so the message went nowhere although the broker then
/// confirmed it.
///
/// ```swift
/// do {
///     try await publisher.publish("orders.created", order, properties: ["mandatory": true], confirm: true)
/// } catch let unroutable as UnroutableMessage {
///     logger.error("nobody consumes \(unroutable.routingKey): \(unroutable.replyText)")
/// }
/// ```
///
/// A `mandatory` publish without confirms returns before the broker's verdict: its
/// return arrives on ``Publisher/returnedMessages`` instead.
public struct UnroutableMessage: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exchange the message was published to.
    public var exchange: String
    /// The routing key no queue is bound for.
    public var routingKey: String
    /// The broker's reply code: 312 (`NO_ROUTE`).
    public var replyCode: UInt16
    /// The broker's reply text: `"NO_ROUTE"`.
    public var replyText: String
    /// The returned message's `message_id`.
    public var messageID: String?

    /// Creates the error.
    public init(exchange: String, routingKey: String, replyCode: UInt16, replyText: String, messageID: String?) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.replyCode = replyCode
        self.replyText = replyText
        self.messageID = messageID
    }

    /// The error for a returned `message`, from the broker's `basic.return` when the
    /// connection reported it, else from the message's own exchange and routing key.
    init(_ error: AMQPError, message: OutgoingMessage) {
        let returned = error.returned
        self.init(
            exchange: returned?.exchange ?? message.exchange, routingKey: returned?.routingKey ?? message.routingKey,
            replyCode: returned?.replyCode ?? error.replyCode ?? 312, replyText: returned?.replyText ?? error.replyText ?? "NO_ROUTE",
            messageID: message.properties.messageID)
    }

    public var description: String {
        "unroutable message\(messageID.map { " \($0)" } ?? ""): the broker returned it (\(replyCode) \(replyText)); "
            + "no queue is bound to exchange \"\(exchange)\" for routing key \"\(routingKey)\" (published mandatory, expected at least one)"
    }
}
