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
    ///
    /// About what the kernel's socket buffers hold on loopback: enough for the I/O thread to
    /// find a full turn's writes (``SocketFrameWriter/flushThreshold``) queued, without
    /// running far ahead of the broker. At 4 MiB a publisher without confirms queued about
    /// 10,000 typical messages the socket could not take yet: their memory grew and shrank
    /// the heap (page faults, `sysmalloc`) and whoever waited for the broker to hold them all
    /// waited that much longer (`scripts/benchmark.sh`: 0.87 of the C loop's rate, 0.94 at
    /// 256 KiB, in the same runs).
    static let limit = 256 << 10

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
