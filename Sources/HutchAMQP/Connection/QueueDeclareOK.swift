/// The broker's `queue.declare-ok`.
public struct QueueDeclareOK: Sendable, Equatable {
    /// The queue's name (the generated one for a server-named queue).
    public var queue: String
    /// Messages ready in the queue.
    public var messageCount: UInt32
    /// Consumers on the queue.
    public var consumerCount: UInt32

    /// Creates the reply.
    public init(queue: String, messageCount: UInt32, consumerCount: UInt32) {
        self.queue = queue
        self.messageCount = messageCount
        self.consumerCount = consumerCount
    }
}
