import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import MetricsTestKit
import Testing

/// `hutch_reconnects_total` on the in-memory broker: the connection is dropped when the
/// test says so, instead of finding it with `rabbitmqctl list_connections` and closing it.
@Suite struct ReconnectMetricsTests {
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
