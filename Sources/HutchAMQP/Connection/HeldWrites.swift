/// Work the I/O thread keeps back while the broker blocks the connection
/// (`connection.blocked`): publishes and requests that would otherwise go to a socket the
/// broker has stopped reading, where a publish can fill the send buffer and stall the
/// thread, and a request can only time out. Confined to the I/O thread, like
/// ``ConnectionCore``.
final class HeldWrites {
    /// One piece of held work.
    struct Entry {
        /// When to give up waiting for `connection.unblocked`.
        var deadline: ContinuousClock.Instant
        /// How long it was willing to wait, for the error.
        var patience: Duration
        var operation: AMQPError.Operation
        var channel: UInt16?
        /// Does the work (on unblock, or to fail it when the connection ends).
        var run: () -> Void
        /// Fails the work with the error given.
        var expire: (AMQPError) -> Void
    }

    private var entries: [Entry] = []

    /// Whether nothing is held.
    var isEmpty: Bool { entries.isEmpty }

    /// Keeps `entry` back until ``takeAll()`` or its deadline.
    func append(_ entry: Entry) { entries.append(entry) }

    /// Every held entry, oldest first; none is held afterwards.
    func takeAll() -> [Entry] {
        defer { entries = [] }
        return entries
    }

    /// The entries whose deadline is `now` or earlier, oldest first; they are no longer held.
    func takeExpired(at now: ContinuousClock.Instant) -> [Entry] {
        guard entries.contains(where: { $0.deadline <= now }) else { return [] }
        let expired = entries.filter { $0.deadline <= now }
        entries.removeAll { $0.deadline <= now }
        return expired
    }

    /// The earliest deadline, `nil` when nothing is held.
    var earliestDeadline: ContinuousClock.Instant? { entries.lazy.map(\.deadline).min() }
}
