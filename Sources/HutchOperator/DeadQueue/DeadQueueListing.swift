/// What `hutch dead list` shows: the queue, how many messages are ready, and the first ones.
public struct DeadQueueListing: Sendable, Equatable {
    /// `<exchange>_dead_queue`.
    public var queue: String
    /// Messages ready in the queue.
    public var ready: UInt32
    /// The first messages, oldest first (at most the limit asked for).
    public var messages: [DeadMessage]
}
