/// A failure of an `AMQPConnection` operation, with everything the broker and
/// librabbitmq said about it.
///
/// Every librabbitmq status and every RPC reply the connection sees is turned into an
/// `AMQPError` in one place, with its ``scope`` decided there. Callers match it by code
/// (`catch AMQPError.Code.notFound`, or compare ``code`` with `==`) and read the context;
/// they cannot make one or change it (the fields are read-only outside the package):
///
/// ```swift
/// do {
///     _ = try await connection.declare(.queueDeclare(QueueDeclare(queue: "q", durable: false)), on: 1)
/// } catch AMQPError.Code.preconditionFailed {
///     print("the queue exists with other arguments")
/// } catch {
///     if error.scope == .connection { /* connect again */ }
/// }
/// ```
public struct AMQPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public internal(set) var code: Code
    /// The operation that failed.
    public internal(set) var operation: Operation
    /// The channel the operation ran on; `nil` for connection-level operations.
    public internal(set) var channel: UInt16?
    /// What the failure ended: only the call, its channel, or the whole connection.
    ///
    /// Decided once, where the error is made (librabbitmq statuses and every broker
    /// `connection.close` end the connection, a broker `channel.close` ends the channel,
    /// everything else only the call), and what the connection itself acts on: a
    /// connection-scoped failure has already destroyed the connection below, so every
    /// later call on it fails the same way. Reconnect on ``Scope-swift.enum/connection``.
    public internal(set) var scope: Scope
    /// Everything else, behind one reference: an error travels inside every
    /// `Result<Void, AMQPError>` and typed throw of the publish path, and each of those
    /// is a slot in an async function's frame — about 280 bytes inline, 32 this way.
    private var context: Box<Context>?

    /// The broker's and librabbitmq's words about the failure.
    private struct Context: Sendable, Equatable {
        var replyCode: UInt16?
        var replyText: String?
        var classID: UInt16?
        var methodID: UInt16?
        var libraryStatus: Int32?
        var libraryStatusText: String?
        var inequivalentArgument: InequivalentArgument?
        var detail: String?
        var blockedReason: String?
        var returned: BasicReturn?
    }

    /// The reply code of the broker's `channel.close` or `connection.close` (404, 406, 320, …).
    public internal(set) var replyCode: UInt16? {
        get { self[context: \.replyCode] }
        set { self[context: \.replyCode] = newValue }
    }
    /// The reply text of the broker's `channel.close` or `connection.close`.
    public internal(set) var replyText: String? {
        get { self[context: \.replyText] }
        set { self[context: \.replyText] = newValue }
    }
    /// The class id of the method the broker's close names as the cause.
    public internal(set) var classID: UInt16? {
        get { self[context: \.classID] }
        set { self[context: \.classID] = newValue }
    }
    /// The method id of the method the broker's close names as the cause.
    public internal(set) var methodID: UInt16? {
        get { self[context: \.methodID] }
        set { self[context: \.methodID] = newValue }
    }
    /// librabbitmq's status (`amqp_status_enum`, negative) when librabbitmq reported the failure.
    public internal(set) var libraryStatus: Int32? {
        get { self[context: \.libraryStatus] }
        set { self[context: \.libraryStatus] = newValue }
    }
    /// librabbitmq's text for ``libraryStatus`` (`amqp_error_string2`).
    public internal(set) var libraryStatusText: String? {
        get { self[context: \.libraryStatusText] }
        set { self[context: \.libraryStatusText] = newValue }
    }
    /// For a 406 `PRECONDITION_FAILED` about an inequivalent argument: the argument and
    /// the queue or exchange, parsed out of ``replyText``.
    public internal(set) var inequivalentArgument: InequivalentArgument? {
        get { self[context: \.inequivalentArgument] }
        set { self[context: \.inequivalentArgument] = newValue }
    }
    /// Extra words about the failure (the errno of a failed connect, the nacked delivery tag, …).
    public internal(set) var detail: String? {
        get { self[context: \.detail] }
        set { self[context: \.detail] = newValue }
    }
    /// For ``Code-swift.struct/connectionBlocked``: the reason the broker gave in
    /// `connection.blocked` (`"low on memory"`, `"low on disk"`).
    public internal(set) var blockedReason: String? {
        get { self[context: \.blockedReason] }
        set { self[context: \.blockedReason] = newValue }
    }
    /// For ``Code-swift.struct/publishReturned``: the broker's `basic.return` (reply code
    /// and text, exchange, routing key).
    public internal(set) var returned: BasicReturn? {
        get { self[context: \.returned] }
        set { self[context: \.returned] = newValue }
    }

    /// Creates an error; the connection fills in what it knows. Not public: an
    /// `AMQPError` always comes from the connection (or the package's own client), so a
    /// caller can trust its ``scope`` and context.
    package init(
        code: Code, operation: Operation, channel: UInt16? = nil, replyCode: UInt16? = nil,
        replyText: String? = nil, classID: UInt16? = nil, methodID: UInt16? = nil,
        libraryStatus: Int32? = nil, libraryStatusText: String? = nil, detail: String? = nil, scope: Scope = .call
    ) {
        self.code = code
        self.operation = operation
        self.channel = channel
        self.scope = scope
        let context = Context(
            replyCode: replyCode, replyText: replyText, classID: classID, methodID: methodID, libraryStatus: libraryStatus,
            libraryStatusText: libraryStatusText, inequivalentArgument: replyText.flatMap(InequivalentArgument.init(replyText:)),
            detail: detail)
        self.context = context == Context() ? nil : Box(context)
    }

    /// A field of the context; setting one makes a new box (the old one may be shared by
    /// copies of the error).
    private subscript<Value>(context field: WritableKeyPath<Context, Value?>) -> Value? {
        get { context?.value[keyPath: field] }
        set {
            var changed = context?.value ?? Context()
            changed[keyPath: field] = newValue
            context = Box(changed)
        }
    }

    public static func == (lhs: AMQPError, rhs: AMQPError) -> Bool {
        lhs.code == rhs.code && lhs.operation == rhs.operation && lhs.channel == rhs.channel && lhs.scope == rhs.scope
            && (lhs.context?.value ?? Context()) == (rhs.context?.value ?? Context())
    }

    /// One line for people: operation, channel, code, the broker's reply and librabbitmq's status.
    public var description: String {
        var text = operation.description
        if let channel { text += " on channel \(channel)" }
        text += ": \(code)"
        if let replyCode {
            text += " (\(replyCode)"
            if let replyText { text += " \(replyText)" }
            if let classID, let methodID, classID != 0 { text += ", caused by method \(classID).\(methodID)" }
            text += ")"
        }
        if let libraryStatus {
            text += " (librabbitmq status \(libraryStatus)"
            if let libraryStatusText { text += ": \(libraryStatusText)" }
            text += ")"
        }
        if let detail { text += ": \(detail)" }
        return text
    }
}

extension AMQPError {
    /// The same failure reported for another operation or channel: what a later call on
    /// a dead connection throws.
    package func reported(as operation: Operation, channel: UInt16?) -> AMQPError {
        var copy = self
        copy.operation = operation
        if channel != nil { copy.channel = channel }
        return copy
    }

    /// What a call on channel `channel` throws after the broker closed that channel with
    /// `dead` (until it is opened again): ``Code-swift.struct/channelClosed`` with the
    /// broker's reply, scoped to the call.
    package static func channelClosedEarlier(_ dead: AMQPError, operation: Operation, channel: UInt16) -> AMQPError {
        var error = AMQPError(
            code: .channelClosed, operation: operation, channel: channel, replyCode: dead.replyCode,
            replyText: dead.replyText, classID: dead.classID, methodID: dead.methodID,
            detail: "the channel was closed earlier (\(dead.code)); open it again")
        error.inequivalentArgument = dead.inequivalentArgument
        return error
    }

    /// What a call held while the broker blocked the connection throws when `patience`
    /// ran out first: ``Code-swift.struct/connectionBlocked`` with the broker's reason.
    package static func connectionBlocked(
        reason: String, operation: Operation, channel: UInt16?, patience: Duration
    ) -> AMQPError {
        var error = AMQPError(
            code: .connectionBlocked, operation: operation, channel: channel,
            detail: "the broker blocked the connection (connection.blocked: \(reason)) and did not unblock it within "
                + "\(patience); nothing was sent, the connection stays open")
        error.blockedReason = reason
        return error
    }

    /// What a confirmed publish made with `failWhenUnroutable` throws when the broker
    /// returned it (`basic.return`) before acking it: ``Code-swift.struct/publishReturned``.
    package static func publishReturned(_ returned: BasicReturn, channel: UInt16, deliveryTag: UInt64) -> AMQPError {
        var error = AMQPError(
            code: .publishReturned, operation: .waitForConfirm, channel: channel, replyCode: returned.replyCode,
            replyText: returned.replyText,
            detail: "the broker returned delivery tag \(deliveryTag) (\(returned)): no queue is bound for its routing key")
        error.returned = returned
        return error
    }

    /// What a failure ended (``AMQPError/scope``).
    public enum Scope: Sendable, Equatable {
        /// Only the call failed; the channel and connection still work.
        case call
        /// The broker closed the channel; open it again to go on. The connection works.
        case channel
        /// The connection is unusable: connect again.
        case connection
    }
}

/// An immutable value behind a reference (see ``AMQPError``'s context).
private final class Box<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
