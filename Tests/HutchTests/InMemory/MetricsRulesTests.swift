import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
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

/// The client's metrics on the in-memory broker: a connection dropped when the test says
/// so (instead of finding it with `rabbitmqctl list_connections` and closing it), a retry
/// through the 5 s delay queue on the test clock (instead of waiting for its TTL), the
/// publisher's timers.
@Suite struct MetricsRulesTests {
    /// Hutch 1.1.0 with hutch-schedule: its delay queues bring retries back.
    static let profile = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)
    static var prefix: String { String(MeteredConsumer.routingKeys[0].dropLast(2)) }

    @Test func theWorkerCountsEachOutcomeByConsumerAndBindingAndTimesHandlers() async throws {
        let metrics = TestMetrics()
        var settings = InMemoryHutch.settings(profile: Self.profile)
        settings.observability.metricsFactory = metrics
        settings.deadQueue = true
        settings.publisherConfirms = true
        let client = InMemoryHutch(settings: settings, label: "metrics")
        let seen = Collector<String>()
        let worker = Worker(connection: client.hutch, consumers: [MeteredConsumer(seen: seen)], logger: LiveBroker.logger("metrics"))
        let running = start(worker)
        try await worker.waitForSubscription()
        let publisher = worker.publisher
        let prefix = Self.prefix
        try await publisher.publish(prefix + ".ok", ["action": "ack"])
        try await publisher.publish(prefix + ".eu.requeue", ["action": "requeue"])
        try await publisher.publish(prefix + ".broken", bytes: Array("not json".utf8))
        try await publisher.publish(prefix + ".fail", ["action": "fail"])
        let binding = [("consumer", "MeteredConsumer"), ("routing_key", MeteredConsumer.routingKeys[0])]
        // ack 1 + requeue 2 (requeued, then acked) + fail 2 (retried through the 5 s delay queue, then
        // dead-queued) + broken 1 (dead-queued).
        let delayQueue = DelayLevel(forInterval: 5).delayQueueName(config: settings.topology, profile: settings.profile)
        try await client.broker.waitUntil("the failed message in the delay queue") { $0.readyMessages(in: delayQueue)?.count == 1 }
        client.broker.advanceClock(by: .seconds(5))
        try await waitUntil(timeout: .seconds(10)) {
            metrics.counterTotal(label: "hutch_dead_queued_total", dimensions: binding) == 2
                && metrics.counterTotal(label: "hutch_nacked_total", dimensions: binding) == 3
        }
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        #expect(metrics.counterTotal(label: "hutch_consumed_total", dimensions: binding) == 6)
        #expect(metrics.counterTotal(label: "hutch_acked_total", dimensions: binding) == 2)
        #expect(metrics.counterTotal(label: "hutch_requeued_total", dimensions: binding) == 1)
        // The failed message twice, the undecodable one once.
        #expect(metrics.counterTotal(label: "hutch_nacked_total", dimensions: binding) == 3)
        #expect(metrics.counterTotal(label: "hutch_retried_total", dimensions: binding) == 1)
        #expect(metrics.counterTotal(label: "hutch_dead_queued_total", dimensions: binding) == 2)
        #expect(metrics.counterTotal(label: "hutch_decode_failures_total", dimensions: binding) == 1)
        #expect(client.broker.readyMessages(in: DeadQueue(exchange: settings.topology.mqExchange).queueName)?.count == 2)
        // Every series is under the consumer's binding, none under the delivered keys.
        #expect(
            Set(
                metrics.counters.filter { $0.label.hasPrefix("hutch_") && $0.label != "hutch_reconnects_total" }.map {
                    $0.dimensions.map(\.1)
                }) == [binding.map(\.1)])
        let succeeded = metrics.timers(label: "hutch_handler_duration", dimensions: binding + [("outcome", "success")])
        let failed = metrics.timers(label: "hutch_handler_duration", dimensions: binding + [("outcome", "failure")])
        #expect(succeeded.first?.values.count == 3)
        #expect(failed.first?.values.count == 3)
        #expect(succeeded.first?.values.allSatisfy { $0 > 0 } == true)
    }

    @Test func thePublisherTimesPublishesAndConfirmsByExchangeAndRoutingKey() async throws {
        let metrics = TestMetrics()
        var settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        settings.observability.metricsFactory = metrics
        let client = InMemoryHutch(settings: settings, label: "metrics-publish")
        let publisher = Publisher(connection: client.hutch, logger: LiveBroker.logger("metrics-publish"))
        let key = LiveBroker.uniqueName("metered-publish")
        try await publisher.publish(key, ["n": 1], confirm: true)
        try await publisher.publish(key, ["n": 2], confirm: true)
        try await publisher.publish(key, ["n": 3], confirm: false)
        await client.hutch.close()

        let dimensions = [("exchange", settings.topology.mqExchange), ("routing_key", key)]
        let publishes = try #require(metrics.timers(label: "hutch_publish_duration", dimensions: dimensions).first)
        let confirms = try #require(metrics.timers(label: "hutch_confirm_duration", dimensions: dimensions).first)
        #expect(publishes.values.count == 3)
        #expect(confirms.values.count == 2)
        // A confirm is part of its publish.
        #expect(confirms.values.max()! <= publishes.values.max()!)
        #expect(client.broker.published(to: settings.topology.mqExchange).count == 3)
    }

    @Test func aReconnectIsCounted() async throws {
        let metrics = TestMetrics()
        var settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        settings.observability.metricsFactory = metrics
        let client = InMemoryHutch(settings: settings, label: "metrics-reconnect")
        let first = try await client.hutch.transport()
        #expect(metrics.counterTotal(label: "hutch_reconnects_total") == 0)

        try #require(client.current).drop()
        // The next request on the dropped connection fails; reported as the worker and publisher do.
        let lost = await #expect(throws: AMQPError.self) { _ = try await first.openChannel() }
        await client.hutch.connectionFailed(first, error: try #require(lost))
        _ = try await client.hutch.transport()
        #expect(await client.hutch.generation == 2)
        #expect(metrics.counterTotal(label: "hutch_reconnects_total") == 1)
        await client.hutch.close()
    }
}
