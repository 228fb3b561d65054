import HutchConventions

/// A `basic.publish` queued to the I/O thread, which writes the publishes queued in one
/// turn of its loop together (``ConnectionCore/publishQueued(_:)``): without confirms
/// nobody waits for the write (``AMQPConnection/queuePublish(_:properties:body:on:blockedTimeout:failed:)``);
/// with a `confirmation` the caller waits for the broker's verdict
/// (``AMQPConnection/publishConfirmed(_:properties:body:on:timeout:blockedTimeout:failWhenUnroutable:)``).
final class QueuedPublish: Sendable {
    // A class: the loop's queue and batches pass it around without copying its fields.
    let method: BasicPublish
    let properties: BasicProperties
    let body: [UInt8]
    let channel: UInt16
    /// How long it may wait while the broker blocks the connection.
    let blockedTimeout: Duration
    /// The confirm a confirmed publish waits for, settled by the broker's `basic.ack` or
    /// `basic.nack` once written; `nil` without confirms.
    let confirmation: ConnectionStateMachine.PendingConfirm?
    /// What a publish without confirms calls when it is not written (see ``fail(_:)``).
    private let failed: (@Sendable (AMQPError) -> Void)?
    /// What it holds of the connection's ``PublishBacklog`` (none for a confirmed publish:
    /// its caller waits for it anyway).
    let reservedBytes: Int

    /// A publish without confirms; `failed` hears why when it is not written.
    convenience init(
        method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, blockedTimeout: Duration,
        reservesBacklog: Bool = false, failed: @escaping @Sendable (AMQPError) -> Void
    ) {
        self.init(
            method: method, properties: properties, body: body, channel: channel, blockedTimeout: blockedTimeout,
            confirmation: nil, failed: failed, reservedBytes: reservesBacklog ? Self.byteCount(method: method, body: body) : 0)
    }

    /// A confirmed publish: its `confirmation` completes with the error when it is not
    /// written (no second closure to allocate per publish for that).
    convenience init(
        method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, blockedTimeout: Duration,
        confirmation: ConnectionStateMachine.PendingConfirm
    ) {
        self.init(
            method: method, properties: properties, body: body, channel: channel, blockedTimeout: blockedTimeout,
            confirmation: confirmation, failed: nil, reservedBytes: 0)
    }

    private init(
        method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, blockedTimeout: Duration,
        confirmation: ConnectionStateMachine.PendingConfirm?, failed: (@Sendable (AMQPError) -> Void)?, reservedBytes: Int
    ) {
        self.method = method
        self.properties = properties
        self.body = body
        self.channel = channel
        self.blockedTimeout = blockedTimeout
        self.confirmation = confirmation
        self.failed = failed
        self.reservedBytes = reservedBytes
    }

    /// Called on the I/O thread when it is not written (channel or connection gone,
    /// blocked past `blockedTimeout`): a confirmed publish's confirmation fails with
    /// `error`, one without confirms hands it to its `failed`.
    func fail(_ error: AMQPError) {
        if let confirmation { confirmation.completion(.failure(error)) } else { failed?(error) }
    }

    /// The size of a publish as the ``PublishBacklog`` counts it.
    static func byteCount(method: BasicPublish, body: [UInt8]) -> Int {
        body.count + method.exchange.utf8.count + method.routingKey.utf8.count + 64
    }
}
