/// Whether the broker has blocked a connection (`connection.blocked`) and why: written by
/// the connection's I/O thread, read from any thread (``AMQPConnection/blockedReason``).
final class BlockedNotice: Sendable {
    private struct State {
        var reason: String?
        var since: ContinuousClock.Instant?
        var observers: [@Sendable (BlockedEpisode) -> Void] = []
    }

    private let current = ParkingMutex(State())

    /// The broker's reason (`"low on memory"`), `nil` when the connection is not blocked.
    var reason: String? { current.withLock { $0.reason } }

    /// Records `connection.blocked` (a reason) or `connection.unblocked` (`nil`); an
    /// unblock tells the observers how long the block lasted.
    func set(_ reason: String?) {
        let ended: (BlockedEpisode, [@Sendable (BlockedEpisode) -> Void])? = current.withLock { state in
            defer { state.reason = reason }
            if reason != nil {
                if state.since == nil { state.since = .now }
                return nil
            }
            guard let since = state.since, let blocked = state.reason else { return nil }
            state.since = nil
            return (BlockedEpisode(reason: blocked, duration: since.duration(to: .now)), state.observers)
        }
        if let (episode, observers) = ended { for observer in observers { observer(episode) } }
    }

    /// Calls `observer` (on the I/O thread: it must not block) after each unblock.
    func observe(_ observer: @escaping @Sendable (BlockedEpisode) -> Void) {
        current.withLock { $0.observers.append(observer) }
    }
}

/// One time the broker blocked a connection: from `connection.blocked` to `connection.unblocked`.
package struct BlockedEpisode: Sendable, Equatable {
    /// The reason the broker gave (`"low on memory"`, `"low on disk"`).
    package var reason: String
    /// How long the connection was blocked.
    package var duration: Duration

    /// An episode; `package` so the in-memory broker can report one.
    package init(reason: String, duration: Duration) {
        self.reason = reason
        self.duration = duration
    }
}
