/// A `basic.ack` queued to the I/O thread without waiting for it
/// (``AMQPConnection/queueAck(_:failed:)``).
struct QueuedAck: Sendable {
    /// The channel of the delivery.
    let channel: UInt16
    /// Its delivery tag.
    let deliveryTag: UInt64
    /// Called on the I/O thread when the ack cannot be sent.
    let failed: @Sendable (AMQPError) -> Void
}
