/// What a re-delivery did, message by message.
package struct RedeliveryReport: Sendable, Equatable {
    /// One dead message the re-delivery dealt with.
    package struct Entry: Sendable, Equatable {
        /// Its position in the dead queue, from 1.
        package var position: Int
        /// Its message id.
        package var messageID: String?
        /// The routing key it was (or would have been) re-published with.
        package var routingKey: String
    }

    /// Messages examined (selected or not).
    package var examined = 0
    /// Re-published (confirmed by the broker) and then removed from the dead queue.
    package var moved: [Entry] = []
    /// Selected, but no queue is bound for their routing key: the broker returned the
    /// copy, so the original stays in the dead queue.
    package var unroutable: [Entry] = []

    /// Creates an empty report.
    package init() {}
}

/// A re-delivery that stopped on an error: what it had done, and the error. Messages
/// not yet moved are still in the dead queue; the one in flight may be both there and
/// at its destination (a duplicate, never a loss).
package struct RedeliveryInterrupted: Error, Sendable, CustomStringConvertible {
    /// What was done before the error.
    package var report: RedeliveryReport
    /// The error, as text (no password: broker errors carry none).
    package var reason: String

    package var description: String {
        "re-delivery stopped after moving \(report.moved.count) message(s): \(reason); the others are still in the dead queue"
    }
}
