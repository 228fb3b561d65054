/// What a re-delivery did, message by message.
public struct RedeliveryReport: Sendable, Equatable {
    /// One dead message the re-delivery dealt with.
    public struct Entry: Sendable, Equatable {
        /// Its position in the dead queue, from 1.
        public var position: Int
        /// Its message id.
        public var messageID: String?
        /// The routing key it was (or would have been) re-published with.
        public var routingKey: String
    }

    /// Messages examined (selected or not).
    public var examined = 0
    /// Re-published (confirmed by the broker) and then removed from the dead queue.
    public var moved: [Entry] = []
    /// Selected, but no queue is bound for their routing key: the broker returned the
    /// copy, so the original stays in the dead queue.
    public var unroutable: [Entry] = []

    /// Creates an empty report.
    public init() {}
}

/// A re-delivery that stopped on an error: what it had done, and the error. Messages
/// not yet moved are still in the dead queue; the one in flight may be both there and
/// at its destination (a duplicate, never a loss).
public struct RedeliveryInterrupted: Error, Sendable, CustomStringConvertible {
    /// What was done before the error.
    public var report: RedeliveryReport
    /// The error, as text (no password: broker errors carry none).
    public var reason: String

    public var description: String {
        "re-delivery stopped after moving \(report.moved.count) message(s): \(reason); the others are still in the dead queue"
    }
}
