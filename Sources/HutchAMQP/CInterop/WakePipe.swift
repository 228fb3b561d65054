#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A self-pipe that wakes the I/O thread out of `poll(2)` when a job is queued.
///
/// ``signal()`` is called from any thread (a non-blocking one-byte write); ``wait(socket:timeoutMilliseconds:)``
/// only from the I/O thread.
final class WakePipe: @unchecked Sendable {
    // @unchecked: the two descriptors are immutable after init; write(2) on the write end
    // is safe from any thread, and only the I/O thread reads and closes.
    private let readEnd: Int32
    private let writeEnd: Int32

    /// Creates the pipe; `nil` when the system has no descriptors left.
    init?() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        readEnd = fds[0]
        writeEnd = fds[1]
        for fd in fds {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Wakes the waiting thread (or makes its next wait return at once).
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Waits until the pipe is signalled, `socket` (when not -1) is readable, or the
    /// timeout passes; empties the pipe when it was signalled (only then: a wake-up for
    /// the socket alone costs no `read`).
    ///
    /// - Returns: `false` when only the pipe woke the thread (nothing to read on the socket
    ///   and no timer due), `true` otherwise.
    @discardableResult
    func wait(socket: Int32, timeoutMilliseconds: Int32) -> Bool {
        let (ready, socketReadable) = pollOnce(socket: socket, timeoutMilliseconds: timeoutMilliseconds)
        return ready <= 0 || socketReadable
    }

    /// Whether `socket` has something to read (or is closed) right now, without waiting;
    /// empties the pipe when it was signalled.
    func socketIsReadable(_ socket: Int32) -> Bool {
        pollOnce(socket: socket, timeoutMilliseconds: 0).socketReadable
    }

    /// One `poll(2)` on the pipe and `socket` (when not -1): how many were ready, and
    /// whether the socket was. Empties the pipe when it was signalled.
    private func pollOnce(socket: Int32, timeoutMilliseconds: Int32) -> (ready: Int32, socketReadable: Bool) {
        // On the stack: this runs once per turn of the I/O loop.
        var fds = (
            pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0), pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        )
        let ready = withUnsafeMutableBytes(of: &fds) { raw -> Int32 in
            guard let first = raw.baseAddress?.assumingMemoryBound(to: pollfd.self) else { return -1 }
            return poll(first, socket >= 0 ? 2 : 1, timeoutMilliseconds)
        }
        let socketReadable = socket >= 0 && fds.1.revents != 0
        guard fds.0.revents != 0 else { return (ready, socketReadable) }
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        // One read empties up to 64 signals; only a full buffer can leave more behind.
        while withUnsafeMutableBytes(of: &buffer, { read(readEnd, $0.baseAddress, $0.count) }) == MemoryLayout.size(ofValue: buffer) {}
        return (ready, socketReadable)
    }
}
