import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

/// The journal a test reads what happened from: publishes, settlements, dead-letterings.
@Suite(.timeLimit(.minutes(1)))
struct InMemoryBrokerJournalTests {
    @Test("publish, requeue, reject into a dead-letter queue, ack: each in the journal, in order")
    func journalRecordsWhatHappened() async throws {
        let broker = InMemoryBroker()
        let connection = broker.connect()
        try await connection.openChannel(1)
        try await connection.declareQueue("dead")
        try await connection.declareQueue(
            "work", arguments: FieldTable(pairs: [("x-dead-letter-exchange", .string("")), ("x-dead-letter-routing-key", .string("dead"))]))
        try await connection.publish("m", routingKey: "work")
        let first = try #require(try await connection.get(queue: "work", autoAck: false, on: 1))
        try await connection.reject(first.delivery, requeue: true)
        let second = try #require(try await connection.get(queue: "work", autoAck: false, on: 1))
        try await connection.reject(second.delivery, requeue: false)
        let dead = try #require(try await connection.get(queue: "dead", autoAck: false, on: 1))
        try await connection.ack(dead.delivery, multiple: false)

        #expect(broker.settlements(in: "work").map(\.settlement) == [.requeued, .rejected])
        #expect(broker.settlements(in: "work").map(\.message.redelivered) == [false, true])
        #expect(broker.settlements(in: "dead").map(\.settlement) == [.acked])
        guard case .deadLettered(let queue, let reason, let exchange, let message, let queues) = broker.journal[3] else {
            Issue.record("expected the dead-lettering fourth, got \(broker.journal)")
            return
        }
        #expect((queue, reason, exchange, queues) == ("work", "rejected", "", ["dead"]))
        #expect(message.routingKey == "dead")
        #expect(broker.published(to: "").map { String(decoding: $0.body, as: UTF8.self) } == ["m"])
    }

    @Test("waitUntil gives up with a typed error saying what did not happen")
    func waitUntilTimesOut() async throws {
        let broker = InMemoryBroker()
        do throws(InMemoryBrokerTimeout) {
            try await broker.waitUntil("a queue named never", timeout: .milliseconds(20)) { $0.hasQueue("never") }
            Issue.record("expected a timeout")
        } catch {
            #expect(error.what == "a queue named never")
        }
    }
}
