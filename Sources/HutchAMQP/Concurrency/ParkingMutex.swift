#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A lock around a value, as `Synchronization.Mutex` is, that parks a caller who finds it
/// taken in the kernel at once instead of spinning first: a default `pthread_mutex_t`.
///
/// On Linux the standard library's `Mutex` spins a thousand `pause`s before it waits in
/// the kernel. The locks between a connection's I/O thread and the tasks of the
/// cooperative pool (the loop's job queue, a consumer's delivery buffer, the publisher's
/// channel bookkeeping, a worker's running handlers) are held for a few lookups, but a
/// holder can be preempted — on a machine whose cores the broker shares, often — and then
/// every thread that wants the lock burns its spin, time the broker and the holder need.
/// Profiled: 15 % of a consuming worker's samples were that spin.
package final class ParkingMutex<State>: @unchecked Sendable {
    // @unchecked Sendable: `state` is read and changed only while `mutex` is held.
    // Both behind pointers and usable from inlinable code: `withLock` is specialized and
    // inlined in the modules that call it, and reaching the state costs no dynamic
    // exclusivity check (a class's stored `var` would).
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline let state: UnsafeMutablePointer<State>

    /// A lock holding `initialState`.
    package init(_ initialState: consuming sending State) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let created = pthread_mutex_init(mutex, nil)
        precondition(created == 0, "pthread_mutex_init failed: \(created)")
        state = .allocate(capacity: 1)
        state.initialize(to: initialState)
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the state while holding the lock.
    @inlinable @inline(__always)
    package func withLock<Result, E: Error>(
        _ body: (inout sending State) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state.pointee)
    }
}
