import Glibc
import Synchronization

/// Which OS thread a connection's librabbitmq state belongs to, checked rather than
/// only documented (like swift-nio's `assertInEventLoop` and GRDB's `SchedulingWatchdog`).
///
/// The I/O thread claims it once when it starts (``claim()``); every entry point of
/// ``ConnectionCore`` calls ``assertOnIOThread(file:line:)``, which costs one atomic load
/// and a `pthread_equal` in debug builds and nothing in release builds.
final class IOThreadConfinement: Sendable {
    /// The owning thread's `pthread_t` (an integer on Linux, the only platform librabbitmq
    /// is linked on here); 0 before ``claim()`` and after ``release()``.
    private let owner = Atomic<UInt>(0)

    init() {}

    /// Makes the calling thread the owner; called once, first thing on the I/O thread.
    func claim() {
        owner.store(UInt(pthread_self()), ordering: .releasing)
    }

    /// The I/O thread ends: no thread is the owner any more. Called last thing on the I/O
    /// thread: the `pthread_t` of an ended thread is reused by threads started later (the
    /// next connection's I/O thread often gets it), which would otherwise pass the check.
    func release() {
        owner.store(0, ordering: .releasing)
    }

    /// Whether the calling thread is the I/O thread that claimed this confinement.
    var isOnIOThread: Bool {
        let claimed = owner.load(ordering: .acquiring)
        return claimed != 0 && pthread_equal(pthread_t(claimed), pthread_self()) != 0
    }

    /// Stops a debug build when called off the I/O thread; does nothing in release builds.
    @inline(__always)
    func assertOnIOThread(file: StaticString = #fileID, line: UInt = #line) {
        assert(isOnIOThread, "librabbitmq state used off its connection's I/O thread", file: file, line: line)
    }
}
