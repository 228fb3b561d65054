import Synchronization

/// Whether the broker has blocked a connection (`connection.blocked`) and why: written by
/// the connection's I/O thread, read from any thread (``AMQPConnection/blockedReason``).
final class BlockedNotice: Sendable {
    private let current = Mutex<String?>(nil)

    /// The broker's reason (`"low on memory"`), `nil` when the connection is not blocked.
    var reason: String? { current.withLock { $0 } }

    /// Records `connection.blocked` (a reason) or `connection.unblocked` (`nil`).
    func set(_ reason: String?) { current.withLock { $0 = reason } }
}
