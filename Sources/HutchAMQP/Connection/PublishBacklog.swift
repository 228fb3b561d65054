/// How many bytes of queued publishes (``QueuedPublish``) the I/O thread has not taken
/// yet, bounded: a publisher that queues faster than the socket takes waits in
/// ``reserve(_:)`` until the I/O thread has worked off part of the backlog.
///
/// Callers reserve from any task; the I/O thread releases what it took, and ``close(with:)``
/// (the loop stopped) lets every waiter go with the error to throw.
final class PublishBacklog: Sendable {
    private struct State {
        var bytes = 0
        var waiters: [(bytes: Int, continuation: CheckedContinuation<AMQPError?, Never>)] = []
        var closed: AMQPError?
    }

    /// The most bytes queued at once; one message larger than this is still taken when
    /// nothing else is queued.
    static let limit = 4 << 20

    private let state = ParkingMutex(State())

    /// Bytes queued and not yet taken by the I/O thread.
    var queuedBytes: Int { state.withLock { $0.bytes } }

    /// Reserves `bytes` when the backlog has room and no one waits before the caller;
    /// `false` when the caller must wait (``reserve(_:)``).
    func tryReserve(_ bytes: Int) throws(AMQPError) -> Bool {
        let outcome = state.withLock { state -> Result<Bool, AMQPError> in
            if let closed = state.closed { return .failure(closed) }
            guard state.waiters.isEmpty, state.bytes == 0 || state.bytes + bytes <= Self.limit else { return .success(false) }
            state.bytes += bytes
            return .success(true)
        }
        return try outcome.get()
    }

    /// Reserves `bytes`, waiting (in order of arrival) until the I/O thread has taken
    /// enough of the backlog.
    func reserve(_ bytes: Int) async throws(AMQPError) {
        if try tryReserve(bytes) { return }
        let refused: AMQPError? = await withCheckedContinuation { continuation in
            let now: AMQPError?? = state.withLock { state in
                if let closed = state.closed { return .some(closed) }
                if state.waiters.isEmpty, state.bytes == 0 || state.bytes + bytes <= Self.limit {
                    state.bytes += bytes
                    return .some(nil)
                }
                state.waiters.append((bytes, continuation))
                return .none
            }
            if let now { continuation.resume(returning: now) }
        }
        if let refused { throw refused }
    }

    /// The I/O thread took `bytes` (wrote, held or failed them): waiters that now fit go on.
    func release(_ bytes: Int) {
        let admitted = state.withLock { state -> [CheckedContinuation<AMQPError?, Never>] in
            state.bytes -= bytes
            var admitted: [CheckedContinuation<AMQPError?, Never>] = []
            while let first = state.waiters.first, state.bytes == 0 || state.bytes + first.bytes <= Self.limit {
                state.bytes += first.bytes
                admitted.append(first.continuation)
                state.waiters.removeFirst()
            }
            return admitted
        }
        for continuation in admitted { continuation.resume(returning: nil) }
    }

    /// The loop stopped: every waiter and later caller gets `error`.
    func close(with error: AMQPError) {
        let waiters = state.withLock { state in
            state.closed = error
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        for continuation in waiters { continuation.resume(returning: error) }
    }
}
