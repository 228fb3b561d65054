import Hutch
import HutchAMQP
import HutchConventions
import MetricsTestKit
import Testing

@Suite struct MetricsLiveTests {
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
