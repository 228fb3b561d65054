import HutchConventions

/// A `basic.publish` queued to the I/O thread, which writes the publishes queued in one
/// turn of its loop together (``ConnectionCore/publishQueued(_:)``): without confirms
/// nobody waits for the write (``AMQPConnection/queuePublish(_:properties:body:on:blockedTimeout:failed:)``);
/// with a `confirmation` the caller waits for the broker's verdict
/// (``AMQPConnection/publishConfirmed(_:properties:body:on:timeout:blockedTimeout:failWhenUnroutable:)``).
struct QueuedPublish: Sendable {
    let method: BasicPublish
    let properties: BasicProperties
    let body: [UInt8]
    let channel: UInt16
    /// How long it may wait while the broker blocks the connection.
    let blockedTimeout: Duration
    /// The confirm a confirmed publish waits for, settled by the broker's `basic.ack` or
    /// `basic.nack` once written; `nil` without confirms.
    var confirmation: ConnectionStateMachine.PendingConfirm? = nil
    /// Called on the I/O thread when it is not written (channel or connection gone,
    /// blocked past `blockedTimeout`).
    let failed: @Sendable (AMQPError) -> Void
    /// What it holds of the connection's ``PublishBacklog`` (none for a confirmed publish:
    /// its caller waits for it anyway).
    var reservedBytes = 0

    /// Its size as the ``PublishBacklog`` counts it.
    var byteCount: Int { body.count + method.exchange.utf8.count + method.routingKey.utf8.count + 64 }
}
