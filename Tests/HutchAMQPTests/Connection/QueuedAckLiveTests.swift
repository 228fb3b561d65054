import Dispatch
import Foundation
import Glibc
import HutchConventions
import Synchronization
import Testing

@testable import HutchAMQP

/// `AMQPConnection.queueAck`: the acks the I/O thread takes in one turn go out with one
/// `send(2)` on a plain TCP connection (one TCP segment), and settle exactly the deliveries they name.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(2)))
struct QueuedAckLiveTests {
    /// The TCP segments carrying data that `socket` has sent so far: `tcpi_data_segs_out`
    /// of `TCP_INFO` (Linux 4.6 and later), read at its offset in the kernel's `struct
    /// tcp_info` (156), which Glibc's older declaration of the struct does not reach.
    static func dataSegmentsSent(_ socket: Int32) -> UInt32? {
        var info = [UInt8](repeating: 0, count: 256)
        var length = socklen_t(info.count)
        let status = info.withUnsafeMutableBytes { getsockopt(socket, Int32(IPPROTO_TCP), TCP_INFO, $0.baseAddress, &length) }
        guard status == 0, length >= 160 else { return nil }
        return info.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 156, as: UInt32.self) }
    }

    /// Runs `read` with the connection's core on the I/O thread, queued behind everything queued before it.
    static func onIOThread<T: Sendable>(_ connection: AMQPConnection, _ read: @escaping @Sendable (ConnectionCore) -> T) async -> T? {
        await withCheckedContinuation { continuation in
            let rejected = connection.loop.submit { core in continuation.resume(returning: read(core)) }
            if rejected != nil { continuation.resume(returning: nil) }
        }
    }

    /// Declares `queue`, publishes `count` messages to it and consumes them on channel 1
    /// with manual acks: the deliveries, none acknowledged yet.
    static func unacknowledgedDeliveries(
        _ count: Int, on connection: AMQPConnection, queue: String, consumerTag: String
    ) async throws -> [IncomingDelivery] {
        try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
        for n in 0..<count {
            try await connection.publish(BasicPublish(exchange: "", routingKey: queue), body: Array("\(n)".utf8), on: 1)
        }
        var iterator = try await connection.consume(BasicConsume(queue: queue, consumerTag: consumerTag), on: 1).makeAsyncIterator()
        var deliveries: [IncomingDelivery] = []
        for _ in 0..<count { deliveries.append(try #require(try await iterator.next())) }
        return deliveries
    }

    @Test("Five acks queued in one turn, none joinable into a multiple ack, go out in one write and settle those five")
    func acksOfOneTurnShareOneWrite() async throws {
        let queue = LiveBroker.uniqueName("queued-acks-q")
        try await withLiveConnection(queues: [queue]) { connection in
            let deliveries = try await Self.unacknowledgedDeliveries(10, on: connection, queue: queue, consumerTag: "queued-acks")

            // Hold the I/O thread so that the five acks are taken in one turn.
            let release = DispatchSemaphore(value: 0)
            let before = Mutex<UInt32?>(nil)
            await QueuedPublishLiveTests.holdIOThread(connection, release: release) { core in
                before.withLock { $0 = Self.dataSegmentsSent(core.socketDescriptor) }
            }
            let failures = Mutex<[AMQPError]>([])
            // Every other delivery: tags 1, 3, 5, 7, 9 (no run of them is every unsettled tag up to one).
            for delivery in deliveries where delivery.deliveryTag % 2 == 1 {
                connection.queueAck(delivery) { error in failures.withLock { $0.append(error) } }
            }
            release.signal()
            let after = try #require(await Self.onIOThread(connection) { Self.dataSegmentsSent($0.socketDescriptor) } ?? nil)
            let held = try #require(before.withLock { $0 }, "no TCP_INFO for the connection's socket")
            #expect(after - held == 1, "the five acks went out in \(after - held) TCP segments")
            #expect(failures.withLock { $0.isEmpty })

            // Closing the channel requeues what was not acknowledged: the five even tags.
            try await connection.closeChannel(1)
            try await connection.openChannel(1)
            var depth: UInt32?
            for _ in 0..<100 {
                depth = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)?.messageCount
                if depth == 5 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(depth == 5)
        }
    }

    @Test("Acks of one turn whose write fails each hear the failure, as an ack on their channel, and the connection fails")
    func failedWriteReachesEveryAck() async throws {
        let queue = LiveBroker.uniqueName("queued-acks-fail-q")
        try await withLiveConnection(queues: [queue]) { connection in
            let deliveries = try await Self.unacknowledgedDeliveries(4, on: connection, queue: queue, consumerTag: "queued-acks-fail")

            // The write of the acks fails: the socket is shut for writing while the thread is held.
            let release = DispatchSemaphore(value: 0)
            await QueuedPublishLiveTests.holdIOThread(connection, release: release) { core in
                _ = shutdown(core.socketDescriptor, Int32(SHUT_WR))
            }
            let failures = Mutex<[UInt64: AMQPError]>([:])
            for delivery in [deliveries[0], deliveries[2]] {
                let tag = delivery.deliveryTag
                connection.queueAck(delivery) { error in failures.withLock { $0[tag] = error } }
            }
            release.signal()
            _ = await Self.onIOThread(connection) { _ in () }
            let failed = failures.withLock { $0 }
            #expect(failed.keys.sorted() == [deliveries[0].deliveryTag, deliveries[2].deliveryTag])
            for error in failed.values {
                #expect(error.code == .connectionLost, "\(error)")
                #expect(error.operation == .ack)
                #expect(error.channel == 1)
            }
            let later = await expectAMQPError { () throws(AMQPError) in try await connection.openChannel(2) }
            #expect(later?.code == .connectionLost)
        }
    }
}
