/// A publish did not complete within ``HutchClientSettings/publishTimeout``.
///
/// It says what the publish was still waiting for. Nothing was written for
/// ``Wait/connection`` and ``Wait/unblock(reason:)``: publishing again later is safe. For
/// ``Wait/confirm`` the message was written and the broker may still route it, so a
/// retry may deliver it twice.
public struct PublishTimeout: Error, Sendable, Equatable, CustomStringConvertible {
    /// What a publish waits for.
    public enum Wait: Sendable, Equatable, CustomStringConvertible {
        /// A connection to the broker and the publishing channel: the broker is unreachable,
        /// refusing connections, or still starting, and the client keeps reconnecting.
        case connection
        /// The broker to lift its `connection.blocked` (a memory or disk alarm); `reason`
        /// is what the broker said (`"low on memory"`).
        case unblock(reason: String)
        /// The broker's `basic.ack` / `basic.nack` of the written message.
        case confirm

        /// What was awaited, in words.
        public var description: String {
            switch self {
            case .connection: "waited for a connection to the broker"
            case .unblock(let reason): "the broker blocked publishing (connection.blocked: \(reason)) and did not unblock it"
            case .confirm: "waited for the broker's confirm"
            }
        }
    }

    /// What the publish was waiting for when the time ran out.
    public var waitingFor: Wait
    /// The time the publish had (``HutchClientSettings/publishTimeout``).
    public var timeout: Duration
    /// The exchange published to.
    public var exchange: String
    /// The routing key published with.
    public var routingKey: String

    /// Creates the error.
    public init(waitingFor: Wait, timeout: Duration, exchange: String, routingKey: String) {
        self.waitingFor = waitingFor
        self.timeout = timeout
        self.exchange = exchange
        self.routingKey = routingKey
    }

    /// One line for people: the message's destination, the time it had and what it waited for.
    public var description: String {
        "publish to exchange \(exchange) with routing key \(routingKey) did not complete within \(timeout): \(waitingFor)"
    }
}
