import Dispatch
import Foundation
import HutchConventions
import HutchTestSupport
import Synchronization
import Testing

@testable import HutchAMQP

/// Publishes queued to the I/O thread without waiting for the write
/// (`AMQPConnection.queuePublish`): written in order, bounded, and a message that is not
/// written is handed to its `failed` instead of vanishing.
@Suite(
    LiveBroker.reachable,
    .timeLimit(.minutes(2)))
struct QueuedPublishLiveTests {
    /// Holds the connection's I/O thread in a job until `release` is signalled, then runs
    /// `then` there; returns once the thread is held.
    static func holdIOThread(
        _ connection: AMQPConnection, release: DispatchSemaphore, then: @escaping @Sendable (ConnectionCore) -> Void = { _ in }
    ) async {
        await withCheckedContinuation { (held: CheckedContinuation<Void, Never>) in
            _ = connection.loop.submit { core in
                held.resume()
                release.wait()
                then(core)
            }
        }
    }

    @Test("Queued publishes arrive in order; those queued behind a connection the broker closed go to failed, and the next call throws")
    func queuedBehindADeadConnectionAreReported() async throws {
        var options = try LiveBroker.options()
        options.connectionName = LiveBroker.uniqueName("queued-publish")
        let queue = LiveBroker.uniqueName("queued-publish-q")
        let connection = try await AMQPConnection.connect(options)
        try await connection.openChannel(1)
        try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
        // What the transport hands back with each failure: the message as it was queued.
        let failures = Mutex<[(body: String, routingKey: String, error: AMQPError)]>([])
        func send(_ text: String) async throws(AMQPError) {
            try await connection.queuePublish(
                BasicPublish(exchange: "", routingKey: queue), properties: BasicProperties(), body: Array(text.utf8), on: 1,
                blockedTimeout: .seconds(5)
            ) { message, error in
                failures.withLock { $0.append((String(decoding: message.body, as: UTF8.self), message.routingKey, error)) }
            }
        }
        for n in 0..<20 { try await send("\(n)") }
        #expect(try await Self.depth(of: queue, reaches: 20, on: connection) == 20)

        // Five more queued while the I/O thread is busy; the broker closes the connection
        // before the thread takes them.
        let release = DispatchSemaphore(value: 0)
        await Self.holdIOThread(connection, release: release) { core in
            let giveUp = ContinuousClock.now + .seconds(10)
            while core.socketDescriptor >= 0, ContinuousClock.now < giveUp {
                core.pump()
                usleep(10_000)
            }
        }
        for n in 20..<25 { try await send("\(n)") }
        let brokerSide = try await TestBroker.connection(named: try #require(options.connectionName))
        try await TestBroker.close(brokerSide, reason: "test: queued publishes behind a closed connection")
        release.signal()

        let giveUp = ContinuousClock.now + .seconds(15)
        while failures.withLock({ $0.count }) < 5, ContinuousClock.now < giveUp { try await Task.sleep(for: .milliseconds(20)) }
        let failed = failures.withLock { $0 }
        #expect(failed.map(\.body) == ["20", "21", "22", "23", "24"])
        #expect(failed.allSatisfy { $0.routingKey == queue })
        #expect(failed.allSatisfy { $0.error.scope == .connection }, "\(failed.map(\.error))")
        // Known now: the next call throws instead of queuing.
        let next = await expectAMQPError { () throws(AMQPError) in try await send("25") }
        #expect(next?.scope == .connection)
        #expect(failures.withLock { $0.count } == 5)
        await connection.close()

        try await withLiveConnection(queues: [queue]) { reader in
            var bodies: [String] = []
            while let message = try await reader.get(queue: queue, autoAck: true, on: 1) {
                bodies.append(String(decoding: message.delivery.body, as: UTF8.self))
            }
            #expect(bodies == (0..<20).map { "\($0)" })
        }
    }

    @Test("A queued publish's frames, encoded by its caller, carry properties and a 1 MiB multi-frame body byte-identical")
    func callerEncodedFramesArriveIntact() async throws {
        let queue = LiveBroker.uniqueName("queued-frames-q")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
            let frameMax = try #require(connection.callerFrameMax)
            var generator = SystemRandomNumberGenerator()
            // Over frame_max (several body frames) and over what a caller writes itself.
            let body = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(body.count > Int(frameMax) && body.count > DirectPublishPermit.largestBody)
            let properties = BasicProperties(
                contentType: "application/json", headers: FieldTable(pairs: [("x-n", .int64(7)), ("s", .string("v"))]),
                deliveryMode: 2, messageID: "m-1", timestamp: 1_700_000_000, type: "t")
            let failures = Mutex(0)
            try await connection.queuePublish(
                BasicPublish(exchange: "", routingKey: queue), properties: properties, body: body, on: 1, blockedTimeout: .seconds(5)
            ) { _, _ in failures.withLock { $0 += 1 } }
            #expect(try await Self.depth(of: queue, reaches: 1, on: connection) == 1)
            let message = try #require(try await connection.get(queue: queue, autoAck: true, on: 1))
            #expect(message.delivery.body == body)
            #expect(message.delivery.properties == properties)
            #expect(failures.withLock { $0 } == 0)
        }
    }

    @Test("A caller waits while more than the backlog limit is queued and not written, and goes on once the I/O thread takes it")
    func theBacklogIsBounded() async throws {
        let queue = LiveBroker.uniqueName("queued-backlog-q")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
            let body = [UInt8](repeating: 0x61, count: PublishBacklog.limit / 4)
            // A publish queued on a plain TCP connection counts the bytes of its frames.
            let frames = try PublishFrames.encode(
                BasicPublish(exchange: "", routingKey: queue), properties: BasicProperties(), body: body, channel: 1,
                frameMax: try #require(connection.callerFrameMax))
            let size = QueuedPublish.Content.frames(frames).byteCount
            let fitting = PublishBacklog.limit / size
            let count = fitting + 3
            let release = DispatchSemaphore(value: 0)
            await Self.holdIOThread(connection, release: release)
            let queued = Atomic<Int>(0)
            let publishing = Task { () async throws in
                for _ in 0..<count {
                    try await connection.queuePublish(
                        BasicPublish(exchange: "", routingKey: queue), properties: BasicProperties(), body: body, on: 1,
                        blockedTimeout: .seconds(5), failed: { _, _ in })
                    queued.add(1, ordering: .relaxed)
                }
            }
            let giveUp = ContinuousClock.now + .seconds(10)
            while queued.load(ordering: .relaxed) < fitting, ContinuousClock.now < giveUp { try await Task.sleep(for: .milliseconds(10)) }
            // Nothing is taken while the thread is held: the next caller stays waiting.
            try await Task.sleep(for: .milliseconds(300))
            #expect(queued.load(ordering: .relaxed) == fitting)
            #expect(connection.loop.publishBacklog.queuedBytes == fitting * size)
            release.signal()
            try await publishing.value
            #expect(queued.load(ordering: .relaxed) == count)
            #expect(try await Self.depth(of: queue, reaches: UInt32(count), on: connection) == UInt32(count))
        }
    }

    /// The queue's message count once it reaches `count` (the broker counts routed
    /// messages a moment after reading them), or after 10 seconds.
    static func depth(of queue: String, reaches count: UInt32, on connection: AMQPConnection) async throws -> UInt32 {
        let giveUp = ContinuousClock.now + .seconds(10)
        while true {
            let depth = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)?.messageCount ?? 0
            if depth >= count || ContinuousClock.now >= giveUp { return depth }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
