/// What `hutch dead list` shows: the queue, how many messages are ready, and the first ones.
package struct DeadQueueListing: Sendable, Equatable {
    /// `<exchange>_dead_queue`.
    package var queue: String
    /// Messages ready in the queue.
    package var ready: UInt32
    /// The first messages, oldest first (at most the limit asked for).
    package var messages: [DeadMessage]
}
