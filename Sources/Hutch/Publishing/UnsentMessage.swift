import HutchAMQP
import HutchConventions

/// A message published without confirms that was never written to the broker.
///
/// A publish without confirms returns once the message is queued to the connection's I/O
/// thread, before it is written. When its channel or the connection dies first, or the
/// broker blocks the connection past the publish timeout, the message is not written and
/// the call that published it has already returned: the publisher then logs it at error
/// level (with its `message_id`), counts it in `hutch_unsent_total`, and yields it on
/// ``Publisher/unsentMessages``.
///
/// ```swift
/// Task {
///     for await unsent in publisher.unsentMessages {
///         logger.error("not sent: \(unsent.message.routingKey) \(unsent.messageID ?? "-"): \(unsent.error)")
///     }
/// }
/// ```
///
/// A message that was written just before the connection failed can still be lost without
/// a trace, as with any publish without confirms: publish with `confirm: true` when every
/// message must be accounted for.
public struct UnsentMessage: Sendable, Equatable {
    /// The message that was not written.
    public var message: OutgoingMessage
    /// Why: the channel's or connection's failure, or `connectionBlocked`.
    public var error: AMQPError

    /// The message's `message_id`.
    public var messageID: String? { message.properties.messageID }

    /// Creates the value.
    public init(message: OutgoingMessage, error: AMQPError) {
        self.message = message
        self.error = error
    }
}
