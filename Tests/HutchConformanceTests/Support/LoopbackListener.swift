import Foundation
import Synchronization

/// A TCP listener on 127.0.0.1 that accepts connections, records what arrives, and
/// never answers: to show that no request was made, or that a silent server cannot
/// hang the caller.
final class LoopbackListener: Sendable {
    /// The port it listens on.
    let port: UInt16
    private let socket: Int32
    private let received = Mutex<[String]>([])
    private let open = Mutex<[Int32]>([])

    /// Listens on `port` (0: any free port); `nil` when the port cannot be bound.
    init?(port: UInt16 = 0) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            return nil
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.socket = fd
        self.port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// The first bytes of each connection, as text (empty when nothing was sent).
    var requests: [String] { received.withLock { $0 } }

    /// Stops listening and closes every connection.
    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
        for connection in open.withLock({ $0 }) { close(connection) }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(socket, nil, nil)
            guard connection >= 0 else { return }
            open.withLock { $0.append(connection) }
            var buffer = [UInt8](repeating: 0, count: 512)
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let count = recv(connection, &buffer, buffer.count, 0)
            received.withLock { $0.append(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)) }
        }
    }
}
