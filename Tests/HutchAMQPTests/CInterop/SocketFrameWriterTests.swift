import Foundation
import Glibc
import HutchConventions
import Testing

@testable import HutchAMQP

/// `SocketFrameWriter` over a real non-blocking socket pair: partial writes and a full
/// socket (`EAGAIN`, then `poll(2)`), a peer that stops reading (the write timeout), and
/// a closed peer (`EPIPE` without `SIGPIPE`), each classified as librabbitmq's send would be.
@Suite(.timeLimit(.minutes(1)))
struct SocketFrameWriterTests {
    /// A connected pair; the writer's end non-blocking (as librabbitmq's socket is), with
    /// small buffers so a few hundred kilobytes fill it.
    static func socketPair() throws -> (writer: Int32, reader: Int32) {
        var pair: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        var size = Int32(16 * 1024)
        _ = setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(pair[1], SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK)
        return (pair[0], pair[1])
    }

    /// Buffers `count` publishes of 4 KiB bodies; returns the frames they should become.
    static func fill(_ writer: SocketFrameWriter, count: Int) throws -> [UInt8] {
        var expected: [UInt8] = []
        for n in 0..<count {
            let method = BasicPublish(exchange: "", routingKey: "q-\(n)")
            let properties = BasicProperties(messageID: "m-\(n)")
            let body = [UInt8](repeating: UInt8(truncatingIfNeeded: n), count: 4096)
            try writer.append(method, properties: properties, body: body, channel: 1)
            let layout = try PublishFrames.Layout(method, properties: properties, bodyCount: body.count, frameMax: writer.frameMax)
            expected += PublishFrames.encode(method, properties: properties, body: body, channel: 1, layout: layout)
        }
        #expect(writer.byteCount == expected.count)
        return expected
    }

    @Test("A socket that fills up is waited on and written in parts, every byte in order")
    func partialWrites() throws {
        let (writeEnd, readEnd) = try Self.socketPair()
        defer { close(writeEnd) }
        let writer = SocketFrameWriter(frameMax: 131_072, writeTimeout: .seconds(20))
        let expected = try Self.fill(writer, count: 100)
        let drain = SocketDrain(readEnd, chunkSize: 3000, pause: .microseconds(200))
        let failure = writer.flush(to: writeEnd)
        #expect(failure == nil, "\(failure.map { "\($0.error)" } ?? "")")
        #expect(writer.byteCount == 0)
        shutdown(writeEnd, Int32(SHUT_WR))
        #expect(drain.bytes() == expected)
    }

    @Test("A peer that stops reading: the write fails after the write timeout with librabbitmq's timeout status, connection scope")
    func timeout() throws {
        let (writeEnd, readEnd) = try Self.socketPair()
        defer {
            close(writeEnd)
            close(readEnd)
        }
        let writer = SocketFrameWriter(frameMax: 131_072, writeTimeout: .milliseconds(300))
        let expected = try Self.fill(writer, count: 100)
        let started = ContinuousClock.now
        let failure = try #require(writer.flush(to: writeEnd))
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(failure.error.code == .timeout)
        #expect(failure.error.scope == .connection)
        #expect(failure.writtenBytes > 0 && failure.writtenBytes < expected.count)
        #expect(writer.byteCount == 0)
    }

    @Test("A closed peer: EPIPE is a lost connection (AMQP_STATUS_SOCKET_ERROR), and no SIGPIPE ends the process")
    func closedPeer() throws {
        let (writeEnd, readEnd) = try Self.socketPair()
        defer { close(writeEnd) }
        close(readEnd)
        let writer = SocketFrameWriter(frameMax: 131_072, writeTimeout: .seconds(5))
        _ = try Self.fill(writer, count: 3)
        let failure = try #require(writer.flush(to: writeEnd))
        #expect(failure.error.code == .connectionLost)
        #expect(failure.error.scope == .connection)
        #expect(failure.error.operation == .publish)
        #expect(failure.error.detail?.contains("Broken pipe") == true, "\(failure.error)")
        #expect(failure.writtenBytes == 0)
    }

    @Test("Written without waiting: what the socket takes goes out, the rest comes back in order, the buffer is emptied")
    func withoutWaitingLeavesTheRest() throws {
        let (writeEnd, readEnd) = try Self.socketPair()
        defer { close(writeEnd) }
        let writer = SocketFrameWriter(frameMax: 131_072, writeTimeout: .seconds(5))
        let expected = try Self.fill(writer, count: 100)
        let rest = try #require(writer.writeWithoutWaiting(to: writeEnd), "the empty socket took nothing")
        #expect(writer.byteCount == 0)
        #expect(!rest.isEmpty && rest.count < expected.count, "\(rest.count) of \(expected.count) bytes left")
        #expect(Array(expected.suffix(rest.count)) == rest)

        // The rest, given back to a writer, is written after what went out.
        let drain = SocketDrain(readEnd, chunkSize: 3000, pause: .microseconds(200))
        writer.append(bytes: rest)
        #expect(writer.flush(to: writeEnd) == nil)
        shutdown(writeEnd, Int32(SHUT_WR))
        #expect(drain.bytes() == expected)
    }

    @Test("Written without waiting: all of it when the socket has room; nothing (nil) when it is full or the peer closed")
    func withoutWaitingAllOrNothing() throws {
        let (writeEnd, readEnd) = try Self.socketPair()
        let writer = SocketFrameWriter(frameMax: 131_072, writeTimeout: .seconds(5))
        let one = try Self.fill(writer, count: 1)
        #expect(writer.writeWithoutWaiting(to: writeEnd) == [])
        var received = [UInt8](repeating: 0, count: one.count)
        #expect(recv(readEnd, &received, received.count, Int32(MSG_WAITALL)) == one.count)
        #expect(received == one)

        // Full: nothing read while a hundred publishes go in.
        _ = try Self.fill(writer, count: 100)
        _ = writer.writeWithoutWaiting(to: writeEnd)
        _ = try Self.fill(writer, count: 1)
        #expect(writer.writeWithoutWaiting(to: writeEnd) == nil, "a full socket took bytes")
        #expect(writer.byteCount == 0)

        close(readEnd)
        _ = try Self.fill(writer, count: 1)
        #expect(writer.writeWithoutWaiting(to: writeEnd) == nil, "a closed peer took bytes")
        close(writeEnd)
    }

    @Test("Memory grown for one large message is given back after the flush")
    func bufferIsBounded() throws {
        let (writeEnd, readEnd) = try Self.socketPair()
        defer { close(writeEnd) }
        close(readEnd)
        let writer = SocketFrameWriter(frameMax: 131_072, writeTimeout: .seconds(5))
        let body = [UInt8](repeating: 1, count: 3 * SocketFrameWriter.flushThreshold)
        try writer.append(BasicPublish(exchange: "", routingKey: "q"), properties: BasicProperties(), body: body, channel: 1)
        #expect(writer.capacity > SocketFrameWriter.flushThreshold)
        _ = writer.flush(to: writeEnd)
        #expect(writer.capacity == SocketFrameWriter.flushThreshold)
    }
}
