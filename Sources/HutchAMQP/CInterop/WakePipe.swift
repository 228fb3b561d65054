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
    /// timeout passes; empties the pipe.
    func wait(socket: Int32, timeoutMilliseconds: Int32) {
        var fds = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        if socket >= 0 { fds.append(pollfd(fd: socket, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }
}
