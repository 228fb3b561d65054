import Hutch
import HutchConventions
import HutchTesting
import Testing

/// The client's tracing on the in-memory broker: the retry of a failed message and, once
/// the test clock passes the 5 s delay queue's TTL, its redelivery, all in one trace.
@Suite struct TracingRulesTests {
    @Test func theRetryOfAFailedMessageContinuesItsTrace() async throws {
        var settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true))
        let tracer = W3CTestTracer()
        settings.observability.tracer = tracer
        let client = InMemoryHutch(settings: settings, label: "tracing-retry")
        let worker = Worker(connection: client.hutch, consumers: [RetriedTracedConsumer()], logger: LiveBroker.logger("tracing-retry"))
        let running = start(worker)
        try await worker.waitForSubscription()
        try await worker.publisher.publish(RetriedTracedConsumer.routingKeys[0], ["id": 1], confirm: true)
        let schedule = "publish \(settings.topology.mqExchange).schedule"
        let delayQueue = DelayLevel(forInterval: 5).delayQueueName(config: settings.topology, profile: settings.profile)
        try await client.broker.waitUntil("the retry in the delay queue") { $0.readyMessages(in: delayQueue)?.count == 1 }
        client.broker.advanceClock(by: .seconds(5))
        try await waitUntil(timeout: .seconds(10)) { tracer.finishedSpans.filter { $0.kind == .consumer }.count == 2 }
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        let original = try #require(tracer.finishedSpans.first { $0.kind == .producer && $0.operationName != schedule })
        let consumers = tracer.finishedSpans.filter { $0.kind == .consumer }
        let retry = try #require(tracer.finishedSpans.first { $0.operationName == schedule })
        #expect(consumers.first?.parentSpanID == original.spanID)
        #expect(retry.traceID == original.traceID)
        #expect(retry.parentSpanID == consumers.first?.spanID)
        // The retried delivery, after the delay queue, is handled in a child of the retry's span.
        #expect(consumers.last?.traceID == original.traceID)
        #expect(consumers.last?.parentSpanID == retry.spanID)
    }
}
