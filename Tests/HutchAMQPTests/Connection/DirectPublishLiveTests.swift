import Glibc
import HutchConventions
import HutchTestSupport
import Testing

@testable import HutchAMQP

/// A confirmed publish made while the I/O thread sleeps is written by the caller's thread
/// (`ConnectionLoop.writeDirectly`, `DirectPublishPermit`): it arrives, in order, its
/// confirm is matched to it even among publishes the I/O thread writes, and what the socket
/// does not take at once is written by the I/O thread after it.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(2)))
struct DirectPublishLiveTests {
    /// Waits (bounded) until the connection's I/O thread sleeps with a fresh permit out
    /// (woken once by an empty job, so the writes a permit allows start from none).
    static func untilPermitted(_ connection: AMQPConnection) async throws {
        _ = connection.loop.submit { _ in }
        let giveUp = ContinuousClock.now + .seconds(5)
        while !connection.loop.permitsDirectWrites {
            guard ContinuousClock.now < giveUp else {
                Issue.record("the I/O thread never slept with a permit out")
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Runs `body` with a live connection and a fresh queue (`prefix` and a unique tail)
    /// declared on its channel 1, in confirm mode when `confirming`.
    static func withQueue(
        _ prefix: String, confirming: Bool, _ body: (AMQPConnection, String) async throws -> Void
    ) async throws {
        let queue = LiveBroker.uniqueName(prefix)
        try await withLiveConnection(queues: [queue]) { connection in
            try await declare(queue, on: connection)
            if confirming { try await connection.confirmSelect(on: 1) }
            try await body(connection, queue)
        }
    }

    /// Declares a queue of the default exchange on channel 1.
    static func declare(_ queue: String, arguments: FieldTable = FieldTable(), on connection: AMQPConnection) async throws {
        try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false, arguments: arguments)), on: 1)
    }

    @Test("Confirmed publishes made while the I/O thread sleeps are each written by the caller, confirmed, and arrive in order")
    func writtenByTheCaller() async throws {
        try await Self.withQueue("direct-q", confirming: true) { connection, queue in
            for n in 1...20 {
                try await Self.untilPermitted(connection)
                let before = connection.loop.directWrites
                try await connection.publishConfirmed(
                    BasicPublish(exchange: "", routingKey: queue), properties: BasicProperties(messageID: "m-\(n)"),
                    body: Array("\(n)".utf8), on: 1)
                #expect(connection.loop.directWrites.written == before.written + 1, "publish \(n) was not written by its caller")
            }
            var bodies: [String] = []
            while let message = try await connection.get(queue: queue, autoAck: true, on: 1) {
                bodies.append(String(decoding: message.delivery.body, as: UTF8.self))
            }
            #expect(bodies == (1...20).map { "\($0)" })
        }
    }

    @Test("Publishes without confirms: written by the caller while the thread sleeps, in order with those it writes")
    func unconfirmedInOrder() async throws {
        try await Self.withQueue("direct-unconfirmed-q", confirming: false) { connection, queue in
            let publish = BasicPublish(exchange: "", routingKey: queue)
            let failed: @Sendable (OutgoingMessage, AMQPError) -> Void = { Issue.record("a publish was not written: \($1)") }
            // One at a time, each finding the thread asleep: each written by its caller.
            for n in 0..<10 {
                try await Self.untilPermitted(connection)
                let before = connection.loop.directWrites.written
                try await connection.queuePublish(
                    publish, properties: BasicProperties(), body: Array("\(n)".utf8), on: 1, blockedTimeout: .seconds(5), failed: failed)
                #expect(connection.loop.directWrites.written == before + 1, "publish \(n) was not written by its caller")
            }
            // Then 2,000 back to back: a few written by the caller each time the thread
            // sleeps, the rest by the thread, batched.
            let beforeBurst = connection.loop.directWrites.written
            for n in 10..<2_010 {
                try await connection.queuePublish(
                    publish, properties: BasicProperties(), body: Array("\(n)".utf8), on: 1, blockedTimeout: .seconds(5), failed: failed)
            }
            var bodies: [String] = []
            // Read back one `basic.get` at a time: 2,010 round trips, which the full suite on
            // a loaded 2-core machine once took past 20 s over (the order is what is checked).
            let giveUp = ContinuousClock.now + .seconds(90)
            while bodies.count < 2_010, ContinuousClock.now < giveUp {
                guard let message = try await connection.get(queue: queue, autoAck: true, on: 1) else {
                    try await Task.sleep(for: .milliseconds(5))
                    continue
                }
                bodies.append(String(decoding: message.delivery.body, as: UTF8.self))
            }
            #expect(bodies == (0..<2_010).map { "\($0)" }, "\(bodies.count) arrived")
            let burstDirect = connection.loop.directWrites.written - beforeBurst
            #expect(burstDirect < 2_000, "every publish of the burst was written by its caller, none batched")
        }
    }

    @Test("A publish the socket takes only in part: the I/O thread writes the rest, and the message arrives whole")
    func theRestIsWrittenByTheIOThread() async throws {
        try await Self.withQueue("direct-rest-q", confirming: true) { connection, queue in
            // A send buffer far smaller than one message (the kernel's smallest, a few
            // kilobytes: a send takes what fits and what loopback moves on meanwhile).
            let shrunk = await withCheckedContinuation { continuation in
                let rejected = connection.loop.submit { core in
                    var size = Int32(1)  // the smallest the kernel allows
                    continuation.resume(
                        returning: setsockopt(core.socketDescriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size)) == 0
                    )
                }
                if rejected != nil { continuation.resume(returning: false) }
            }
            try #require(shrunk)
            // Loopback often moves a message on while it is being sent: up to 40 tries for two
            // that the socket takes only in part.
            var sent: [[UInt8]] = []
            for n in 0..<40 where connection.loop.directWrites.leftRest < 2 {
                let body = (0..<DirectPublishPermit.largestBody).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) }
                try await Self.untilPermitted(connection)
                try await connection.publishConfirmed(BasicPublish(exchange: "", routingKey: queue), body: body, on: 1)
                sent.append(body)
            }
            let writes = connection.loop.directWrites
            #expect(writes.written == sent.count)
            #expect(writes.leftRest >= 1, "the socket took all \(sent.count) messages whole: no rest was written by the I/O thread")
            var received: [[UInt8]] = []
            while let message = try await connection.get(queue: queue, autoAck: true, on: 1) { received.append(message.delivery.body) }
            #expect(received == sent)
        }
    }

    @Test("Publishes written by callers and by the I/O thread at once: each confirm (ack or nack) reaches its own publish")
    func confirmsStayMatched() async throws {
        let accepting = LiveBroker.uniqueName("direct-accept-q")
        let refusing = LiveBroker.uniqueName("direct-refuse-q")
        try await withLiveConnection(queues: [accepting, refusing]) { connection in
            try await Self.declare(accepting, on: connection)
            // Holds nothing and refuses what overflows: every publish routed there is nacked.
            try await Self.declare(
                refusing, arguments: FieldTable(pairs: [("x-max-length", .int64(0)), ("x-overflow", .string("reject-publish"))]),
                on: connection)
            try await connection.confirmSelect(on: 1)
            var mismatched: [String] = []
            for round in 0..<20 {
                // The first publishes of a round find the thread asleep; then a job keeps it
                // busy for 20 ms, and the publishes made meanwhile are queued to it.
                try await Self.untilPermitted(connection)
                let before = connection.loop.directWrites.written
                let outcomes = await withTaskGroup(of: String?.self) { group in
                    func publish(_ n: Int) {
                        group.addTask {
                            let refused = n.isMultiple(of: 2)
                            do throws(AMQPError) {
                                try await connection.publishConfirmed(
                                    BasicPublish(exchange: "", routingKey: refused ? refusing : accepting),
                                    properties: BasicProperties(messageID: "\(round)-\(n)"), body: Array("\(n)".utf8), on: 1)
                                return refused ? "\(round)-\(n) acked, routed to the refusing queue" : nil
                            } catch  where error.code == .publishNacked {
                                return refused ? nil : "\(round)-\(n) nacked, routed to the accepting queue"
                            } catch {
                                return "\(round)-\(n): \(error)"
                            }
                        }
                    }
                    for n in 0..<5 { publish(n) }
                    let giveUp = ContinuousClock.now + .seconds(1)
                    while connection.loop.directWrites.written == before, ContinuousClock.now < giveUp { await Task.yield() }
                    _ = connection.loop.submit { _ in usleep(20_000) }
                    for n in 5..<10 { publish(n) }
                    var outcomes: [String] = []
                    for await outcome in group { if let outcome { outcomes.append(outcome) } }
                    return outcomes
                }
                mismatched += outcomes
            }
            #expect(mismatched.isEmpty, "\(mismatched.prefix(5))")
            let writes = connection.loop.directWrites.written
            #expect(writes >= 1 && writes < 200, "\(writes) of 200 publishes written by their callers: one path only")
            let count = try await connection.declare(.queueDeclare(QueueDeclare(queue: accepting, passive: true)), on: 1)?.messageCount
            #expect(count == 100)
        }
    }
}
