/// What the state machine would refuse a publish for, readable from any thread: the
/// connection's failure (or close), and each channel the broker closed.
///
/// A queued publish (``AMQPConnection/queuePublish(_:properties:body:on:blockedTimeout:failed:)``)
/// does not wait for the I/O thread, so the caller reads here what an awaited publish
/// would have learned there: a publish on a dead channel or connection throws at once
/// instead of being queued to fail unseen. The I/O thread refreshes it whenever a channel
/// or the connection ends and when a channel is opened again.
final class PublishRefusals: Sendable {
    private struct Snapshot {
        var connection: AMQPError?
        var channels: [UInt16: AMQPError] = [:]
    }

    private let current = ParkingMutex(Snapshot())

    /// The error a publish on `channel` would fail with, `nil` when it may be queued.
    func refusal(channel: UInt16) -> AMQPError? {
        current.withLock { $0.connection ?? $0.channels[channel] }
    }

    /// Records the state machine's refusals (I/O thread).
    func update(connection: AMQPError?, channels: [UInt16: AMQPError]) {
        current.withLock { $0 = Snapshot(connection: connection, channels: channels) }
    }
}
