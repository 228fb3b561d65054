// swift-format-ignore-file
// (the README's and the DocC articles' code blocks stand verbatim in this file: DocumentedBlocks checks it)
import Hutch
import HutchTesting
import Testing

struct Invoice: Codable, Sendable {
    var id: Int
    var amount: Int
}

struct InvoiceRejected: Error {
    var id: Int
}

struct InvoiceConsumer: HutchConsumer {
    static let routingKeys = ["billing.invoice.created"]
    static let attempts = 3  // hutch-schedule's `attempts 3`

    func process(_ message: ReceivedMessage<Invoice>) async throws {
        guard message.body.amount >= 0 else { throw InvoiceRejected(id: message.body.id) }
    }
}

@Suite struct InvoiceConsumerTests {
    @Test func aGoodInvoiceIsAcked() async throws {
        let harness = HutchTestHarness(consumers: [InvoiceConsumer()])
        try await harness.start()
        try await harness.publisher.publish("billing.invoice.created", Invoice(id: 1, amount: 10))
        #expect(try await harness.settlements(of: InvoiceConsumer.self, count: 1) == [.acked])
        try await harness.stop()
    }

    @Test func aBadInvoiceIsRetriedThroughTheDelayQueuesThenDeadQueued() async throws {
        var settings = HutchClientSettings()
        settings.deadQueue = true
        let harness = HutchTestHarness(consumers: [InvoiceConsumer()], settings: settings)
        try await harness.start()
        try await harness.publisher.publish("billing.invoice.created", Invoice(id: 2, amount: -1))

        // Attempt 1 fails: MaxRetry republishes the message to the 5 s delay queue, the worker nacks it.
        #expect(try await harness.settlements(of: InvoiceConsumer.self, count: 1) == [.nacked])
        #expect(harness.scheduledDelays.map(\.seconds) == [5])
        harness.advanceClock(by: .seconds(5))  // back from the delay queue: attempt 2 fails, 5 s again
        _ = try await harness.settlements(of: InvoiceConsumer.self, count: 2)
        harness.advanceClock(by: .seconds(5))  // attempt 3 fails: (3 - 1)^4 + 2 = 18 s, the 20 s level
        _ = try await harness.settlements(of: InvoiceConsumer.self, count: 3)
        #expect(harness.scheduledDelays.map(\.seconds) == [5, 5, 20])
        harness.advanceClock(by: .seconds(20))  // no attempt left: to the dead queue
        #expect(try await harness.settlements(of: InvoiceConsumer.self, count: 4) == [.nacked, .nacked, .nacked, .nacked])
        let dead = try #require(harness.broker.readyMessages(in: harness.deadQueueName))
        #expect(dead.map(\.routingKey) == ["dead_queue.billing.invoice.created"])
        try await harness.stop()
    }
}
