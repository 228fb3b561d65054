import HutchConventions

/// A `basic.publish` queued to the I/O thread, which writes the publishes queued in one
/// turn of its loop together (``ConnectionCore/publishQueued(_:)``): without confirms
/// nobody waits for the write (``AMQPConnection/queuePublish(_:properties:body:on:blockedTimeout:failed:)``);
/// with a `confirmation` the caller waits for the broker's verdict
/// (``AMQPConnection/publishConfirmed(_:properties:body:on:timeout:blockedTimeout:failWhenUnroutable:)``).
final class QueuedPublish: Sendable {
    // A class: the loop's queue and batches pass it around without copying its fields.

    /// What is written.
    enum Content: Sendable {
        /// The publish's frames, encoded by the caller on a plain TCP connection
        /// (``PublishFrames/encode(_:properties:body:channel:frameMax:)``): the I/O thread
        /// copies them out. The caller's message, its properties and body, stays with the
        /// caller and is freed on the caller's thread; the I/O thread frees one array.
        /// None for a confirmed publish its caller wrote itself
        /// (``ConnectionLoop/writeDirectly(_:properties:body:channel:confirmExpiry:bookkeeping:)``):
        /// what the socket did not take travels beside it, and only its confirm is left to await.
        case frames([UInt8])
        /// The message's parts, encoded where they are written: by librabbitmq over TLS
        /// (nothing else writes to an encrypted socket), else by the I/O thread.
        case message(OutgoingMessage)
    }

    let content: Content
    let channel: UInt16
    /// How long it may wait while the broker blocks the connection.
    let blockedTimeout: Duration
    /// The confirm a confirmed publish waits for, settled by the broker's `basic.ack` or
    /// `basic.nack` once written; `nil` without confirms.
    let confirmation: ConnectionStateMachine.PendingConfirm?
    /// What a publish without confirms calls when it is not written (see ``fail(_:)``).
    private let failed: (@Sendable (OutgoingMessage, AMQPError) -> Void)?
    /// What it holds of the connection's ``PublishBacklog`` (none for a confirmed publish:
    /// its caller waits for it anyway).
    let reservedBytes: Int

    /// A publish without confirms; `failed` hears why when it is not written.
    convenience init(
        _ content: Content, channel: UInt16, blockedTimeout: Duration, reservesBacklog: Bool = false,
        failed: @escaping @Sendable (OutgoingMessage, AMQPError) -> Void
    ) {
        self.init(
            content, channel: channel, blockedTimeout: blockedTimeout, confirmation: nil, failed: failed,
            reservedBytes: reservesBacklog ? content.byteCount : 0)
    }

    /// A confirmed publish: its `confirmation` completes with the error when it is not
    /// written (no second closure to allocate per publish for that).
    convenience init(
        _ content: Content, channel: UInt16, blockedTimeout: Duration, confirmation: ConnectionStateMachine.PendingConfirm
    ) {
        self.init(content, channel: channel, blockedTimeout: blockedTimeout, confirmation: confirmation, failed: nil, reservedBytes: 0)
    }

    private init(
        _ content: Content, channel: UInt16, blockedTimeout: Duration, confirmation: ConnectionStateMachine.PendingConfirm?,
        failed: (@Sendable (OutgoingMessage, AMQPError) -> Void)?, reservedBytes: Int
    ) {
        self.content = content
        self.channel = channel
        self.blockedTimeout = blockedTimeout
        self.confirmation = confirmation
        self.failed = failed
        self.reservedBytes = reservedBytes
    }

    /// Adds its frames to `frames`.
    ///
    /// - Throws: for a ``Content/message(_:)``, the ``CodecError`` of a string or table the
    ///   wire cannot carry (nothing added).
    func write(into frames: SocketFrameWriter) throws(CodecError) {
        switch content {
        case .frames(let bytes):
            frames.append(bytes: bytes)
        case .message(let message):
            try frames.append(message.method, properties: message.properties, body: message.body, channel: channel)
        }
    }

    /// Called on the I/O thread when it is not written (channel or connection gone,
    /// blocked past `blockedTimeout`): a confirmed publish's confirmation fails with
    /// `error`, one without confirms hands it to its `failed` with the message (read back
    /// from its frames: only here, when it is not written).
    func fail(_ error: AMQPError) {
        if let confirmation {
            confirmation.completion(.failure(error))
        } else if let failed {
            failed(message, error)
        }
    }

    /// The message: as given, or read back from its frames. Frames this connection
    /// encoded always read back; were they not, their bytes are still handed over, as the
    /// body of a message to no exchange.
    var message: OutgoingMessage {
        switch content {
        case .message(let message):
            return message
        case .frames(let bytes):
            do throws(CodecError) {
                return try PublishFrames.message(from: bytes)
            } catch {
                return OutgoingMessage(exchange: "", routingKey: "", properties: BasicProperties(), body: bytes)
            }
        }
    }
}

extension QueuedPublish.Content {
    /// The size of a publish as the ``PublishBacklog`` counts it: its frames, or its body,
    /// exchange and routing key and 64 bytes for the rest.
    var byteCount: Int {
        switch self {
        case .frames(let bytes): bytes.count
        case .message(let message): message.body.count + message.exchange.utf8.count + message.routingKey.utf8.count + 64
        }
    }
}

extension OutgoingMessage {
    /// The message `method` publishes with `properties` and `body`.
    init(_ method: BasicPublish, properties: BasicProperties, body: [UInt8]) {
        self.init(
            exchange: method.exchange, routingKey: method.routingKey, mandatory: method.mandatory, immediate: method.immediate,
            properties: properties, body: body)
    }
}
