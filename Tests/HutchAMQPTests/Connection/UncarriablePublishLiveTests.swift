import HutchConventions
import HutchTestSupport
import Synchronization
import Testing

@testable import HutchAMQP

/// A publish the wire cannot carry (a short string over 255 bytes) is refused with
/// `invalidArgument` and nothing of it is written: queued without confirms it throws at the
/// call, before anything is queued (on plain TCP the caller encodes the frames; over TLS,
/// where librabbitmq does, the sizes are checked at the call); confirmed, alone or in a
/// batch, its confirm fails. The channels go on.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(1)))
struct UncarriablePublishLiveTests {
    static let tooLong = String(repeating: "k", count: 256)

    /// The checks, on `connection` with channel 1 open; `queue` is declared and deleted
    /// by the caller.
    static func check(_ connection: AMQPConnection, queue: String) async throws {
        try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
        try await connection.confirmSelect(on: 1)
        try await connection.openChannel(2)
        let good = { (text: String) in
            OutgoingMessage(exchange: "", routingKey: queue, properties: BasicProperties(), body: Array(text.utf8))
        }
        let failures = Mutex(0)

        let queued = await expectAMQPError { () throws(AMQPError) in
            try await connection.queuePublish(
                BasicPublish(exchange: "", routingKey: tooLong), properties: BasicProperties(), body: [1], on: 2,
                blockedTimeout: .seconds(5)
            ) { _, _ in failures.withLock { $0 += 1 } }
        }
        #expect(queued?.code == .invalidArgument)
        #expect(queued?.detail?.contains("routing_key") == true, "\(String(describing: queued))")

        let longHeader = BasicProperties(headers: FieldTable(pairs: [(String(repeating: "h", count: 300), .void)]))
        let confirmed = await expectAMQPError { () throws(AMQPError) in
            try await connection.publishConfirmed(BasicPublish(exchange: "", routingKey: queue), properties: longHeader, body: [2], on: 1)
        }
        #expect(confirmed?.code == .invalidArgument)

        var bad = good("bad")
        bad.routingKey = tooLong
        let batch = await connection.publishConfirmedAll([good("a"), bad, good("b")], on: 1)
        #expect(batch.count == 3)
        #expect((try? batch[0].get()) != nil)
        #expect((try? batch[2].get()) != nil)
        if case .failure(let error) = batch[1] {
            #expect(error.code == .invalidArgument)
        } else {
            Issue.record("the message the wire cannot carry was confirmed in its batch")
        }

        // Both channels go on, and nothing refused was written.
        try await connection.queuePublish(
            BasicPublish(exchange: "", routingKey: queue), properties: BasicProperties(), body: Array("c".utf8), on: 2,
            blockedTimeout: .seconds(5)
        ) { _, _ in failures.withLock { $0 += 1 } }
        try await connection.publishConfirmed(BasicPublish(exchange: "", routingKey: queue), body: Array("d".utf8), on: 1)
        #expect(try await QueuedPublishLiveTests.depth(of: queue, reaches: 4, on: connection) == 4)
        var bodies: [String] = []
        while let message = try await connection.get(queue: queue, autoAck: true, on: 1) {
            bodies.append(String(decoding: message.delivery.body, as: UTF8.self))
        }
        #expect(bodies.sorted() == ["a", "b", "c", "d"])
        #expect(failures.withLock { $0 } == 0)
    }

    @Test("Plain TCP: refused at the call, queued, confirmed or batched; the channels go on")
    func plain() async throws {
        let queue = LiveBroker.uniqueName("uncarriable-q")
        try await withLiveConnection(queues: [queue]) { connection in
            #expect(connection.callerFrameMax != nil, "a plain TCP connection encodes publishes at the call")
            try await Self.check(connection, queue: queue)
        }
    }

    @Test("TLS: refused at the call as on plain TCP", LiveTLS.reachable)
    func overTLS() async throws {
        let queue = LiveBroker.uniqueName("uncarriable-tls-q")
        try await withChannelOne(
            connect: { try await AMQPConnection.connect(try LiveTLS.options()) }, transport: { $0 }, queues: [queue], exchanges: []
        ) { connection in
            #expect(connection.callerFrameMax == nil, "over TLS librabbitmq encodes what it writes")
            try await Self.check(connection, queue: queue)
        }
    }
}
