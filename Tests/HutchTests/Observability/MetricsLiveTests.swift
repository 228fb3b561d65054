import Hutch
import HutchAMQP
import HutchConventions
import MetricsTestKit
import Testing

/// Acks, requeues once, fails (retried, then dead-queued) or cannot decode, as the body says.
struct MeteredConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("metered-q")
    static let routingKeys = [LiveBroker.uniqueName("metered") + ".#"]
    static let attempts = 1
    let seen: Collector<String>

    struct Body: Decodable, Sendable { var action: String }

    func process(_ message: ReceivedMessage<Body>) async throws {
        await seen.append(message.body.action)
        switch message.body.action {
        case "requeue" where !message.redelivered: message.requeue()
        case "fail": throw HandlerRefusal()
        default: break
        }
    }
}

@Suite struct MetricsLiveTests {
    /// Hutch 1.1.0 with hutch-schedule: its delay queues bring retries back.
    static let profile = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)
    static var prefix: String { String(MeteredConsumer.routingKeys[0].dropLast(2)) }

    @Test(LiveBroker.reachable) func theWorkerCountsEachOutcomeByConsumerAndBindingAndTimesHandlers() async throws {
        let metrics = TestMetrics()
        var settings = try LiveBroker.settings(profile: Self.profile)
        settings.observability.metricsFactory = metrics
        settings.deadQueue = true
        settings.publisherConfirms = true
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("metrics"))
        let seen = Collector<String>()
        let worker = Worker(connection: hutch, consumers: [MeteredConsumer(seen: seen)], logger: LiveBroker.logger("metrics"))
        let running = start(worker)
        try await worker.waitForSubscription()
        let publisher = worker.publisher
        try await publisher.publish(Self.prefix + ".ok", ["action": "ack"])
        try await publisher.publish(Self.prefix + ".eu.requeue", ["action": "requeue"])
        try await publisher.publish(Self.prefix + ".broken", bytes: Array("not json".utf8))
        try await publisher.publish(Self.prefix + ".fail", ["action": "fail"])
        let binding = [("consumer", "MeteredConsumer"), ("routing_key", MeteredConsumer.routingKeys[0])]
        // ack 1 + requeue 2 (requeued, then acked) + fail 2 (retried through the 5 s delay queue, then
        // dead-queued) + broken 1 (dead-queued).
        try await waitUntil(timeout: .seconds(20)) { metrics.counterTotal(label: "hutch_dead_queued_total", dimensions: binding) == 2 }
        try await waitUntil(timeout: .seconds(5)) { metrics.counterTotal(label: "hutch_nacked_total", dimensions: binding) == 3 }
        worker.shutdown()
        try await running.value
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [MeteredConsumer.queueName ?? ""])

        #expect(metrics.counterTotal(label: "hutch_consumed_total", dimensions: binding) == 6)
        #expect(metrics.counterTotal(label: "hutch_acked_total", dimensions: binding) == 2)
        #expect(metrics.counterTotal(label: "hutch_requeued_total", dimensions: binding) == 1)
        // The failed message twice, the undecodable one once.
        #expect(metrics.counterTotal(label: "hutch_nacked_total", dimensions: binding) == 3)
        #expect(metrics.counterTotal(label: "hutch_retried_total", dimensions: binding) == 1)
        #expect(metrics.counterTotal(label: "hutch_dead_queued_total", dimensions: binding) == 2)
        #expect(metrics.counterTotal(label: "hutch_decode_failures_total", dimensions: binding) == 1)
        // Every series is under the consumer's binding, none under the delivered keys.
        #expect(Set(metrics.counters.filter { $0.label.hasPrefix("hutch_") && $0.label != "hutch_reconnects_total" }.map { $0.dimensions.map(\.1) }) == [binding.map(\.1)])
        let succeeded = metrics.timers(label: "hutch_handler_duration", dimensions: binding + [("outcome", "success")])
        let failed = metrics.timers(label: "hutch_handler_duration", dimensions: binding + [("outcome", "failure")])
        #expect(succeeded.first?.values.count == 3)
        #expect(failed.first?.values.count == 3)
        #expect(succeeded.first?.values.allSatisfy { $0 > 0 } == true)
    }

    @Test(LiveBroker.reachable) func thePublisherTimesPublishesAndConfirmsByExchangeAndRoutingKey() async throws {
        let metrics = TestMetrics()
        var settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        settings.observability.metricsFactory = metrics
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("metrics-publish"))
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("metrics-publish"))
        let key = LiveBroker.uniqueName("metered-publish")
        try await publisher.publish(key, ["n": 1], confirm: true)
        try await publisher.publish(key, ["n": 2], confirm: true)
        try await publisher.publish(key, ["n": 3], confirm: false)
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [])

        let dimensions = [("exchange", settings.topology.mqExchange), ("routing_key", key)]
        let publishes = try #require(metrics.timers(label: "hutch_publish_duration", dimensions: dimensions).first)
        let confirms = try #require(metrics.timers(label: "hutch_confirm_duration", dimensions: dimensions).first)
        #expect(publishes.values.count == 3)
        #expect(confirms.values.count == 2)
        // A confirm is part of its publish.
        #expect(confirms.values.max()! <= publishes.values.max()!)
    }
}
