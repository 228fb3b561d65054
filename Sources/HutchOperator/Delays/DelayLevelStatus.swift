import HutchConventions

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What waits in one of hutch-schedule's delay queues.
package struct DelayLevelStatus: Sendable, Equatable {
    /// How many of the peeked messages go to one routing key.
    package struct Destination: Sendable, Equatable {
        /// The routing key the message is dead-lettered back with: its `CC` key (the
        /// consumer's routing key), else its own routing key.
        package var routingKey: String
        /// How many peeked messages go there.
        package var messages: Int
        /// The queues bound to the main exchange for that key (from the management API);
        /// `nil` when the bindings were not read.
        package var queues: [String]?
    }

    /// The level.
    package var level: DelayLevel
    /// Its queue, `<exchange>_delay_queue_<N>s` (namespaced as the pairing names it).
    package var queue: String
    /// Whether the queue exists.
    package var declared: Bool
    /// Messages waiting (ready) in it.
    package var waiting: UInt32
    /// When the oldest (first) message is due: its `timestamp` (whole seconds, as Ruby
    /// sets it) plus its `expiration`; `nil` when nothing waits or it has no timestamp.
    package var oldestDue: Date?
    /// How many messages were peeked to find the destinations.
    package var peeked: Int
    /// Where the peeked messages go, most messages first.
    package var destinations: [Destination]
}
