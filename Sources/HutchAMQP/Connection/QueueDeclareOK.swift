/// The broker's `queue.declare-ok`.
package struct QueueDeclareOK: Sendable, Equatable {
    /// The queue's name (the generated one for a server-named queue).
    package var queue: String
    /// Messages ready in the queue.
    package var messageCount: UInt32
    /// Consumers on the queue.
    package var consumerCount: UInt32

    /// Creates the reply.
    package init(queue: String, messageCount: UInt32, consumerCount: UInt32) {
        self.queue = queue
        self.messageCount = messageCount
        self.consumerCount = consumerCount
    }
}
