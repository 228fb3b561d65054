extension AMQPError {
    /// The kind of an ``AMQPError``.
    ///
    /// A struct around a private enum, like postgres-nio's `PSQLError.Code`, so that new
    /// kinds can be added without breaking code that compares with the ones it knows.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidURL = "invalid URL"
            case invalidArgument = "invalid argument"
            case connectionRefused = "connection refused"
            case hostUnreachable = "host unreachable"
            case connectTimeout = "connect timeout"
            case tlsFailed = "TLS failed"
            case authenticationFailed = "authentication failed"
            case accessRefused = "access refused"
            case notAllowed = "not allowed"
            case notFound = "not found"
            case preconditionFailed = "precondition failed"
            case resourceLocked = "resource locked"
            case channelClosedByBroker = "channel closed by the broker"
            case channelClosed = "channel closed"
            case connectionClosedByBroker = "connection closed by the broker"
            case connectionLost = "connection lost"
            case heartbeatTimeout = "heartbeat timeout"
            case timeout = "timeout"
            case connectionClosed = "connection closed"
            case publishNacked = "publish nacked"
            case publishReturned = "publish returned unroutable"
            case confirmTimeout = "confirm timeout"
            case notInConfirmMode = "channel not in confirm mode"
            case connectionBlocked = "connection blocked by the broker"
            case consumerCancelledByBroker = "consumer cancelled by the broker"
            case unsupportedMethod = "unsupported method"
            case protocolError = "protocol error"
            case libraryFailure = "librabbitmq failure"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An `amqp://` / `amqps://` URL that does not parse.
        public static let invalidURL = Code(.invalidURL)
        /// A value the connection refuses before sending it (a short string over 255 bytes,
        /// a channel number 0, a value that does not encode).
        public static let invalidArgument = Code(.invalidArgument)
        /// Nothing listens on the host and port (`ECONNREFUSED`).
        public static let connectionRefused = Code(.connectionRefused)
        /// The host does not resolve or cannot be reached (`EHOSTUNREACH`, `ENETUNREACH`).
        public static let hostUnreachable = Code(.hostUnreachable)
        /// The TCP (or TLS) connect did not finish within the connect timeout.
        public static let connectTimeout = Code(.connectTimeout)
        /// The TLS handshake, a certificate or key file, or peer / hostname verification failed.
        public static let tlsFailed = Code(.tlsFailed)
        /// The broker refused the username and password: a `connection.close` 403
        /// `ACCESS_REFUSED` during login, or the socket closed during login (what RabbitMQ
        /// does for clients that do not announce `authentication_failure_close`).
        public static let authenticationFailed = Code(.authenticationFailed)
        /// A 403 `ACCESS_REFUSED` outside login (no permission on the vhost or resource).
        public static let accessRefused = Code(.accessRefused)
        /// A 530 `NOT_ALLOWED` (for example a virtual host that does not exist).
        public static let notAllowed = Code(.notAllowed)
        /// A 404 `NOT_FOUND`: a missing exchange or queue. The channel is closed.
        public static let notFound = Code(.notFound)
        /// A 406 `PRECONDITION_FAILED`, e.g. redeclaring a queue with other arguments
        /// (see ``AMQPError/inequivalentArgument``). The channel is closed.
        public static let preconditionFailed = Code(.preconditionFailed)
        /// A 405 `RESOURCE_LOCKED` (an exclusive queue of another connection). The channel is closed.
        public static let resourceLocked = Code(.resourceLocked)
        /// The broker closed the channel with another reply code.
        public static let channelClosedByBroker = Code(.channelClosedByBroker)
        /// The channel is not open: never opened, closed by the caller, or closed earlier by
        /// the broker (then ``AMQPError/replyCode`` and ``AMQPError/replyText`` say why).
        public static let channelClosed = Code(.channelClosed)
        /// The broker closed the connection (`connection.close`, e.g. 320 `CONNECTION_FORCED`).
        public static let connectionClosedByBroker = Code(.connectionClosedByBroker)
        /// The socket failed or closed under the connection.
        public static let connectionLost = Code(.connectionLost)
        /// No frame arrived from the broker for two heartbeat intervals.
        public static let heartbeatTimeout = Code(.heartbeatTimeout)
        /// A synchronous request got no reply within the RPC timeout (the connection is closed).
        public static let timeout = Code(.timeout)
        /// The connection was closed by `AMQPConnection.close()` (or was never opened).
        public static let connectionClosed = Code(.connectionClosed)
        /// The broker answered a confirmed publish with `basic.nack`.
        public static let publishNacked = Code(.publishNacked)
        /// The broker returned a confirmed publish made with `failWhenUnroutable`
        /// (`basic.return`: no queue is bound for its routing key), then confirmed it:
        /// the message went nowhere.
        public static let publishReturned = Code(.publishReturned)
        /// No `basic.ack` or `basic.nack` arrived for a confirmed publish in time.
        public static let confirmTimeout = Code(.confirmTimeout)
        /// A confirmed publish on a channel without `AMQPConnection.confirmSelect(on:)`.
        public static let notInConfirmMode = Code(.notInConfirmMode)
        /// The broker blocked the connection (`connection.blocked`, under a memory or disk
        /// alarm) and did not unblock it before the call's time ran out. Nothing was sent;
        /// the connection stays open. ``AMQPError/blockedReason`` says why.
        public static let connectionBlocked = Code(.connectionBlocked)
        /// The broker cancelled the consumer (`basic.cancel`), e.g. because its queue was deleted.
        public static let consumerCancelledByBroker = Code(.consumerCancelledByBroker)
        /// A method `AMQPConnection.declare(_:on:)` does not send, or a librabbitmq
        /// connection asked of a client that runs on an in-memory broker (`HutchConnection.connection()`).
        public static let unsupportedMethod = Code(.unsupportedMethod)
        /// Bytes from the broker that are not valid AMQP, or a frame out of order.
        public static let protocolError = Code(.protocolError)
        /// librabbitmq failed for another reason (memory, timer, unexpected state).
        public static let libraryFailure = Code(.libraryFailure)

        /// The kind in words (`"precondition failed"`).
        public var description: String { base.rawValue }
    }
}

extension AMQPError.Code {
    /// Whether `error` is an ``AMQPError`` with this code, so that
    /// `catch AMQPError.Code.notFound { … }` matches (like GRDB's `DatabaseError` codes).
    public static func ~= (code: AMQPError.Code, error: any Error) -> Bool {
        (error as? AMQPError)?.code == code
    }
}
