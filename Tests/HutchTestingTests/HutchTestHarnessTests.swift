import Hutch
import HutchTesting
import Testing

/// A consumer whose handler always throws; no retries (`attempts` 0).
struct AlwaysFailingConsumer: HutchConsumer {
    static let routingKeys = ["harness.fails"]

    func process(_ message: ReceivedMessage<Invoice>) async throws { throw InvoiceRejected(id: message.body.id) }
}

/// A consumer that implements neither `process(_:)` nor `process(_:context:)`: it compiles
/// (Swift cannot require one of two methods), and every message it gets fails.
struct HandlerlessInvoiceConsumer: HutchConsumer {
    typealias Body = Invoice
    static let routingKeys = ["harness.no-handler"]
}

/// The harness beyond the README: failures without retries, delay queues left broken,
/// a dropped connection the worker recovers from.
@Suite(.timeLimit(.minutes(1)))
struct HutchTestHarnessTests {
    @Test("a failure without attempts is nacked and dropped: nothing is scheduled, the queue is empty")
    func failureWithoutAttemptsIsDropped() async throws {
        let harness = HutchTestHarness(consumers: [AlwaysFailingConsumer()])
        try await harness.start()
        try await harness.publisher.publish("harness.fails", Invoice(id: 1, amount: 1))
        #expect(try await harness.settlements(of: AlwaysFailingConsumer.self, count: 1) == [.nacked])
        #expect(harness.scheduledDelays.isEmpty)
        #expect(harness.queueName(of: AlwaysFailingConsumer.self) == "always_failing_consumer")
        #expect(harness.broker.readyMessages(in: "always_failing_consumer") == [])
        try await harness.stop()
    }

    @Test("a consumer without a handler: each message it gets is nacked, which a unit test on the harness shows at once")
    func aConsumerWithoutHandlerIsNackedInTheHarness() async throws {
        let harness = HutchTestHarness(consumers: [HandlerlessInvoiceConsumer()])
        try await harness.start()
        try await harness.publisher.publish("harness.no-handler", Invoice(id: 5, amount: 1))
        #expect(try await harness.settlements(of: HandlerlessInvoiceConsumer.self, count: 1) == [.nacked])
        try await harness.stop()
    }

    @Test("without the delay-queue repair a Hutch 1.3.1 pairing's retry expires in the delay queue and never comes back")
    func unrepairedDelayQueuesLoseRetries() async throws {
        let harness = HutchTestHarness(consumers: [InvoiceConsumer()], repairDelayQueues: false)
        try await harness.start()
        try await harness.publisher.publish("billing.invoice.created", Invoice(id: 3, amount: -1))
        #expect(try await harness.settlements(of: InvoiceConsumer.self, count: 1) == [.nacked])
        let delayQueue = harness.delayQueueName(DelayLevel(forInterval: 5))
        #expect(harness.broker.readyMessages(in: delayQueue)?.count == 1)
        harness.advanceClock(by: .seconds(5))
        #expect(harness.broker.readyMessages(in: delayQueue)?.count == 0)
        #expect(!harness.broker.journal.contains { if case .deadLettered = $0 { true } else { false } })
        try await harness.stop()
    }

    @Test("dropped connections (one of openConnections, then all): the worker reconnects, subscribes again and handles the next message")
    func workerRecoversFromADroppedConnection() async throws {
        var settings = HutchClientSettings()
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(10), maximum: .milliseconds(10))
        let harness = HutchTestHarness(consumers: [InvoiceConsumer()], settings: settings)
        try await harness.start()
        let worker = try #require(harness.broker.openConnections.first)
        worker.drop()
        try await harness.worker.waitForSubscription(number: 2)
        #expect(harness.broker.openConnections.count == 1)
        harness.broker.dropAllConnections()
        try await harness.worker.waitForSubscription(number: 3)
        try await harness.publisher.publish("billing.invoice.created", Invoice(id: 4, amount: 1))
        #expect(try await harness.settlements(of: InvoiceConsumer.self, count: 1) == [.acked])
        try await harness.stop()
    }
}
