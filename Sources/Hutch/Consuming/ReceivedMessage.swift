import HutchAMQP
import HutchConventions
import Synchronization

/// The message a ``HutchConsumer`` handles: Ruby's `Hutch::Message` plus what the
/// delivery carried.
public struct ReceivedMessage<Body: Sendable>: Sendable {
    /// The decoded body.
    public let body: Body
    /// The body bytes as delivered.
    public let rawBody: [UInt8]
    /// The routing key it was delivered with (after a delay: `<exchange>.schedule.<N>s`, as in Ruby).
    public let routingKey: String
    /// The exchange it was delivered from.
    public let exchange: String
    /// The content-header properties.
    public let properties: BasicProperties
    /// Whether the broker delivered it before.
    public let redelivered: Bool
    /// Earlier failures of this message for this consumer, counted as configured
    /// (``HutchClientSettings/retryCounting``; by default hutch-schedule's `x-death` sum,
    /// what Ruby's MaxRetry sees as `failure_count`).
    public let failureCount: Int
    let disposition: DispositionBox

    /// `message.message_id`.
    public var messageID: String? { properties.messageID }
    /// `message.timestamp`, Unix seconds.
    public var timestamp: UInt64? { properties.timestamp }
    /// The `headers` property.
    public var headers: FieldTable? { properties.headers }

    /// Creates a message (the worker does; tests may too).
    public init(
        body: Body, rawBody: [UInt8], routingKey: String, exchange: String, properties: BasicProperties, redelivered: Bool,
        failureCount: Int
    ) {
        self.init(
            body: body, rawBody: rawBody, routingKey: routingKey, exchange: exchange, properties: properties,
            redelivered: redelivered, failureCount: failureCount, disposition: DispositionBox())
    }

    init(
        body: Body, rawBody: [UInt8], routingKey: String, exchange: String, properties: BasicProperties, redelivered: Bool,
        failureCount: Int, disposition: DispositionBox
    ) {
        self.body = body
        self.rawBody = rawBody
        self.routingKey = routingKey
        self.exchange = exchange
        self.properties = properties
        self.redelivered = redelivered
        self.failureCount = failureCount
        self.disposition = disposition
    }

    /// Hutch's `requeue!`: the message goes back to its queue (`basic.reject` requeue
    /// true) and is redelivered. Settled when ``HutchConsumer/process(_:)`` ends (Ruby
    /// sends the frame at once); nothing else is sent for it, even if the handler throws
    /// (Hutch ≥ 1.2.0's `message_rejected?`; hutch-schedule's worker would also ack and
    /// lose the channel to a 406).
    public func requeue() { disposition.set(.requeue) }

    /// Hutch's `reject!`: the message is dropped or dead-lettered by the queue's policy
    /// (`basic.reject` requeue false). Settled as ``requeue()`` is.
    public func reject() { disposition.set(.reject) }
}

/// What a handler asked for with `requeue()` / `reject()`.
final class DispositionBox: Sendable {
    enum Choice: Sendable, Equatable { case requeue, reject }
    private let choice = Mutex<Choice?>(nil)

    func set(_ value: Choice) { choice.withLock { $0 = value } }
    var value: Choice? { choice.withLock { $0 } }
}
