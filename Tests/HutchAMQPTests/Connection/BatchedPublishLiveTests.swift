import Dispatch
import Foundation
import Glibc
import HutchConventions
import HutchTestSupport
import Synchronization
import Testing

@testable import HutchAMQP

/// Publishes written many to a `send(2)` (`SocketFrameWriter`): in order with the other calls
/// of the connection, and, on a connection that dies under a batch, no message lost
/// without a word where a word is possible.
/// Confirmed ones are acked (and on the queue) or fail with the connection's error;
/// those without confirms that did not reach the socket go to their `failed`, never to
/// the queue.
@Suite(
    LiveBroker.reachable,
    .timeLimit(.minutes(2)))
struct BatchedPublishLiveTests {
    /// What became of a batch: bodies whose confirm acked, bodies that failed and why.
    final class Outcome: Sendable {
        struct State {
            var acked: [String] = []
            var failed: [(body: String, error: AMQPError)] = []
        }
        let state = Mutex(State())

        func withLock<R>(_ body: (inout State) -> R) -> R { state.withLock { body(&$0) } }
    }

    /// Queues `count` publishes (even ones confirmed, odd ones not; bodies `"0"`, `"1"`, …
    /// padded to 2 KiB so the batch takes several flushes) straight to the I/O thread, in
    /// order, recording what becomes of each.
    static func queueBatch(count: Int, queue: String, on connection: AMQPConnection, into outcome: Outcome) {
        for n in 0..<count {
            let text = "\(n)"
            let body = Array(text.utf8) + [UInt8](repeating: 0x20, count: 2048)
            let failed: @Sendable (AMQPError) -> Void = { error in outcome.withLock { $0.failed.append((text, error)) } }
            let confirmation =
                n.isMultiple(of: 2)
                ? ConnectionStateMachine.PendingConfirm(
                    deadline: .now + .seconds(30),
                    completion: { result in
                        switch result {
                        case .success: outcome.withLock { $0.acked.append(text) }
                        case .failure(let error): failed(error)
                        }
                    })
                : nil
            let message = OutgoingMessage(exchange: "", routingKey: queue, properties: BasicProperties(), body: body)
            let publish =
                confirmation.map {
                    QueuedPublish(.message(message), channel: 1, blockedTimeout: .seconds(5), confirmation: $0)
                }
                ?? QueuedPublish(.message(message), channel: 1, blockedTimeout: .seconds(5), failed: { _, error in failed(error) })
            #expect(connection.loop.submit(publish) == nil)
        }
    }

    /// The bodies on `queue` in order (their numbers), read with a fresh connection.
    static func bodies(on queue: String) async throws -> [String] {
        var bodies: [String] = []
        try await withLiveConnection(queues: [queue]) { reader in
            while let message = try await reader.get(queue: queue, autoAck: true, on: 1) {
                bodies.append(String(decoding: message.delivery.body, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            }
        }
        return bodies
    }

    /// Waits until every confirmed publish of `count` has an outcome (bounded).
    static func settle(_ outcome: Outcome, confirmed count: Int) async throws {
        let giveUp = ContinuousClock.now + .seconds(40)
        while ContinuousClock.now < giveUp {
            let settled = outcome.withLock { state in
                state.acked.count + state.failed.filter { Int($0.body)!.isMultiple(of: 2) }.count
            }
            if settled >= count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test(
        "The broker closes the connection under a queued batch: each confirmed publish is acked and on the queue or fails with the connection's error; a reported one is never on the queue"
    )
    func brokerClosesTheConnectionUnderABatch() async throws {
        var options = try LiveBroker.options()
        options.connectionName = LiveBroker.uniqueName("batch-closed")
        let queue = LiveBroker.uniqueName("batch-closed-q")
        let connection = try await AMQPConnection.connect(options)
        try await connection.openChannel(1)
        try await connection.confirmSelect(on: 1)
        try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)

        let outcome = Outcome()
        let count = 600
        let release = DispatchSemaphore(value: 0)
        await QueuedPublishLiveTests.holdIOThread(connection, release: release)
        Self.queueBatch(count: count, queue: queue, on: connection, into: outcome)
        let brokerSide = try await TestBroker.connection(named: try #require(options.connectionName))
        try await TestBroker.close(brokerSide, reason: "test: a batch written to a closed connection")
        release.signal()
        try await Self.settle(outcome, confirmed: count / 2)
        await connection.close()

        let (acked, failed) = outcome.withLock { ($0.acked, $0.failed) }
        #expect(acked.count + failed.filter { Int($0.body)!.isMultiple(of: 2) }.count == count / 2, "a confirmed publish hangs")
        #expect(failed.allSatisfy { $0.error.scope == .connection }, "\(failed.map(\.error))")
        let onQueue = try await Self.bodies(on: queue)
        #expect(Set(acked).isSubset(of: Set(onQueue)), "acked but not on the queue: \(Set(acked).subtracting(onQueue).sorted())")
        let unconfirmedReported = Set(failed.map(\.body).filter { !Int($0)!.isMultiple(of: 2) })
        #expect(unconfirmedReported.isDisjoint(with: onQueue), "reported unsent yet on the queue")
        #expect(onQueue.map { Int($0)! } == onQueue.map { Int($0)! }.sorted(), "the queue holds the messages out of order")
    }

    @Test(
        "The socket fails under a batch (EPIPE): every message of it is reported, confirmed ones through their confirms, none reaches the queue, and the next call throws"
    )
    func theSocketFailsUnderABatch() async throws {
        let queue = LiveBroker.uniqueName("batch-epipe-q")
        let connection = try await AMQPConnection.connect(try LiveBroker.options())
        try await connection.openChannel(1)
        try await connection.confirmSelect(on: 1)
        try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
        try await connection.publishConfirmed(BasicPublish(exchange: "", routingKey: queue), body: Array("before".utf8), on: 1)

        let outcome = Outcome()
        let count = 200
        let release = DispatchSemaphore(value: 0)
        // What a reset connection does to send(2): the I/O thread shuts its socket for
        // writing just before it takes the batch.
        await QueuedPublishLiveTests.holdIOThread(connection, release: release) { core in
            _ = shutdown(core.socketDescriptor, Int32(SHUT_WR))
        }
        Self.queueBatch(count: count, queue: queue, on: connection, into: outcome)
        release.signal()
        let giveUp = ContinuousClock.now + .seconds(20)
        while outcome.withLock({ $0.failed.count + $0.acked.count }) < count, ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(20))
        }

        let (acked, failed) = outcome.withLock { ($0.acked, $0.failed) }
        #expect(acked.isEmpty)
        #expect(failed.map(\.body).sorted() == (0..<count).map { "\($0)" }.sorted())
        #expect(failed.allSatisfy { $0.error.code == .connectionLost && $0.error.scope == .connection }, "\(failed.map(\.error))")
        let next = await expectAMQPError { () throws(AMQPError) in
            try await connection.publish(BasicPublish(exchange: "", routingKey: queue), body: [], on: 1)
        }
        #expect(next?.scope == .connection)
        await connection.close()
        #expect(try await Self.bodies(on: queue) == ["before"])
    }

    @Test(
        "With 1-second heartbeats the connection survives a stretch of batched publishes and an idle stretch after it (librabbitmq still sends its heartbeats)"
    )
    func heartbeatsKeepGoing() async throws {
        var options = try LiveBroker.options()
        options.heartbeat = 1
        let queue = LiveBroker.uniqueName("batch-heartbeat-q")
        let connection = try await AMQPConnection.connect(options)
        try await connection.openChannel(1)
        try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
        let failures = Mutex<[AMQPError]>([])
        let publishUntil = ContinuousClock.now + .seconds(4)
        var published: UInt32 = 0
        while ContinuousClock.now < publishUntil {
            try await connection.queuePublish(
                BasicPublish(exchange: "", routingKey: queue), properties: BasicProperties(), body: Array("\(published)".utf8), on: 1,
                blockedTimeout: .seconds(5)
            ) { _, error in failures.withLock { $0.append(error) } }
            published += 1
            try await Task.sleep(for: .milliseconds(5))
        }
        // Longer than the broker's two missed intervals.
        try await Task.sleep(for: .seconds(4))
        #expect(try await QueuedPublishLiveTests.depth(of: queue, reaches: published, on: connection) == published)
        try await connection.confirmSelect(on: 1)
        try await connection.publishConfirmed(BasicPublish(exchange: "", routingKey: queue), body: Array("last".utf8), on: 1)
        #expect(failures.withLock { $0.isEmpty }, "\(failures.withLock { $0 })")
        try await connection.deleteQueue(queue, on: 1)
        await connection.close()
    }

    @Test("Publishes queued before a channel.close in the same loop turn are written before it: the broker routes every one")
    func publishesGoOutBeforeTheirChannelsClose() async throws {
        let queue = LiveBroker.uniqueName("batch-order-q")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
            try await connection.openChannel(2)
            let count = 300
            let failures = Mutex<[AMQPError]>([])
            let closed = Mutex<Result<Void, AMQPError>?>(nil)
            let release = DispatchSemaphore(value: 0)
            await QueuedPublishLiveTests.holdIOThread(connection, release: release)
            for n in 0..<count {
                let message = OutgoingMessage(exchange: "", routingKey: queue, properties: BasicProperties(), body: Array("\(n)".utf8))
                let publish = QueuedPublish(
                    .message(message), channel: 2, blockedTimeout: .seconds(5),
                    failed: { _, error in failures.withLock { $0.append(error) } })
                #expect(connection.loop.submit(publish) == nil)
            }
            let close = connection.loop.submit { core in
                closed.withLock { $0 = Result { () throws(AMQPError) in try core.closeChannel(2) } }
            }
            #expect(close == nil)
            release.signal()
            #expect(try await QueuedPublishLiveTests.depth(of: queue, reaches: UInt32(count), on: connection) == UInt32(count))
            #expect(failures.withLock { $0.isEmpty })
            let result = try #require(closed.withLock { $0 })
            #expect(throws: Never.self) { try result.get() }
        }
    }
}
