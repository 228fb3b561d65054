import Synchronization

/// How many failed failure handlings (a retry or dead-queue republish that did not
/// happen) each consumer had in a row: the attempt of
/// ``HutchClientSettings/requeueBackoff`` for the next requeue. One counter per consumer
/// class, so memory stays bounded.
final class FailureStreaks: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Counts one more failure for `consumer`; returns how many in a row (from 1).
    func record(_ consumer: String) -> Int {
        counts.withLock { counts in
            counts[consumer, default: 0] += 1
            return counts[consumer, default: 0]
        }
    }

    /// A failure of `consumer` was handled: the streak ends.
    func reset(_ consumer: String) {
        _ = counts.withLock { $0.removeValue(forKey: consumer) }
    }
}
