import HutchConventions

/// A `basic.publish` without confirms queued to the I/O thread without waiting for it to
/// be written (``AMQPConnection/queuePublish(_:properties:body:on:blockedTimeout:failed:)``).
struct QueuedPublish: Sendable {
    let method: BasicPublish
    let properties: BasicProperties
    let body: [UInt8]
    let channel: UInt16
    /// How long it may wait while the broker blocks the connection.
    let blockedTimeout: Duration
    /// Called on the I/O thread when it is not written (channel or connection gone,
    /// blocked past `blockedTimeout`).
    let failed: @Sendable (AMQPError) -> Void

    /// What it holds of the connection's ``PublishBacklog``.
    var byteCount: Int { body.count + method.exchange.utf8.count + method.routingKey.utf8.count + 64 }
}
