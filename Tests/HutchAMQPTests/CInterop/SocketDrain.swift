import Dispatch
import Foundation
import Glibc
import Synchronization

/// Reads one end of a socket pair on a thread of its own until the other end is closed
/// (or shut for writing), then closes it: what a test's writer sent, in order.
final class SocketDrain: Sendable {
    private let received = Mutex<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading `descriptor` in reads of at most `chunkSize` bytes, pausing `pause`
    /// before each (a slow reader, so a writer meets a full socket).
    init(_ descriptor: Int32, chunkSize: Int = 65_536, pause: Duration = .zero) {
        let pauseMicroseconds = useconds_t(pause / .microseconds(1))
        Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: chunkSize)
            while true {
                if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                received.withLock { $0 += chunk[0..<count] }
            }
            close(descriptor)
            done.signal()
        }.start()
    }

    /// Waits until the other end is closed and returns every byte read.
    func bytes() -> [UInt8] {
        done.wait()
        return received.withLock { $0 }
    }
}
