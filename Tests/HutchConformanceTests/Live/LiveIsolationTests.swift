import Foundation
import HutchAMQP
import HutchConformance
import HutchConventions
import Testing

/// A live run never touches Hutch's queues it did not create: without a management
/// API it needs an existing vhost, and it refuses one that already holds them unless
/// `--allow-existing` is given.
@Suite struct LiveIsolationTests {
    static let corpus = "hutch-1.3.1/retry/xdeath-matching.json"

    @Test(LiveTestBroker.reachable) func refusesAVhostHoldingHutchQueues() async throws {
        let api = try LiveTestBroker.management()
        let vhost = "hutch-conformance-test-\(UUID().uuidString.prefix(8))"
        try await api.createVirtualHost(vhost)
        var failure: (any Error)?
        do {
            let options = try ConnectionOptions(url: LiveTestBroker.url ?? "")
            try await api.grantPermissions(virtualHost: vhost, user: options.username)
            var inVhost = options
            inVhost.virtualHost = vhost
            let connection = try await AMQPConnection.connect(inVhost)
            try await connection.openChannel(1)
            try await connection.declare(.queueDeclare(QueueDeclare(queue: "hutch_delay_queue_5s", durable: false)), on: 1)
            await connection.close()

            let corpus = try LiveTestBroker.corpus([Self.corpus])
            // With the management API listing the vhost's queues, and without it
            // (an unreachable loopback port: passive declarations find the queue).
            for managementURL in [LiveTestBroker.managementURL, "http://127.0.0.1:1"] {
                let settings = LiveSettings(
                    url: LiveTestBroker.url ?? "", managementURL: managementURL, virtualHost: vhost, environment: LiveTestBroker.environment
                )
                do {
                    _ = try await LiveRunner(settings: settings).run(corpus)
                    Issue.record("the run should refuse vhost \(vhost)")
                } catch {
                    #expect(error.message.contains("hutch_delay_queue_5s") && error.message.contains("--allow-existing"))
                }
            }
            var allowed = LiveSettings(
                url: LiveTestBroker.url ?? "", managementURL: "http://127.0.0.1:1", virtualHost: vhost,
                environment: LiveTestBroker.environment)
            allowed.allowExisting = true
            let live = try await LiveRunner(settings: allowed).run(corpus)
            #expect(live.report.failed == 0 && live.report.passed == 1)
            #expect(!live.createdVirtualHosts && live.virtualHosts == [vhost])
        } catch {
            failure = error
        }
        try await api.deleteVirtualHost(vhost)
        if let failure { throw failure }
    }

    @Test(LiveTestBroker.reachable) func needsAManagementAPIOrAVhost() async throws {
        let settings = LiveSettings(
            url: LiveTestBroker.url ?? "", managementURL: "http://127.0.0.1:1", environment: LiveTestBroker.environment)
        let corpus = try LiveTestBroker.corpus([Self.corpus])
        do {
            _ = try await LiveRunner(settings: settings).run(corpus)
            Issue.record("the run should need a management API")
        } catch {
            #expect(error.message.contains("--vhost"))
        }
    }
}
