import Foundation
import HutchConformance
import Testing

/// The cross-language run with a real Ruby Hutch process, against the project's broker.
///
/// Disabled unless `HUTCH_TEST_RUBY_PEER` gives a command line that starts peer.rb with
/// the hutch and hutch-schedule gems loadable, e.g.
/// `ruby -I/tmp/gems/hutch-1.3.1/lib -I/tmp/gems/hutch-schedule-0.7.3/lib -I/tmp/gems/stubs ruby-fixtures/peer.rb`
/// (ruby-fixtures/README.md, "The Ruby peer", says how to get the gems); it also needs
/// the broker and management API of `scripts/test.sh`.
@Suite struct PeerLiveTests {
    @Test(.enabled(if: PeerTestSupport.rubyPeer != nil, "HUTCH_TEST_RUBY_PEER is not set: no Ruby peer with the hutch gems to run against"))
    func rubyAndSwiftExchangeEveryPublishCase() async throws {
        guard await LiveTestBroker.available() else { return }
        let command = try #require(PeerTestSupport.rubyPeer)
        let corpus = try LiveTestBroker.corpus(["hutch-1.3.1/publish"])
        let settings = LiveSettings(
            url: LiveTestBroker.url ?? "", managementURL: LiveTestBroker.managementURL, environment: LiveTestBroker.environment,
            rubyPeer: PeerSettings(command: command, workingDirectory: PeerTestSupport.packageRoot))
        let live = try await LiveRunner(settings: settings).run(corpus)
        let peer = try #require(live.peer)
        for line in peer.lines { print(line) }
        let results = live.report.results.filter { $0.corpus.hasSuffix("(peer)") }
        for result in results where result.status.isFailure {
            Issue.record("\(result.fullName): \(result.checks.filter { !$0.passed }.flatMap(\.differences))")
        }
        for result in results { if case .skipped(let reason) = result.status { print("peer skipped \(result.id): \(reason)") } }
        guard !results.contains(where: { if case .skipped(let reason) = $0.status { reason.hasPrefix("hutch gem") } else { false } }) else {
            Issue.record("HUTCH_TEST_RUBY_PEER is set but the peer skipped: \(peer.lines)")
            return
        }
        #expect(results.allSatisfy { $0.corpus == "hutch-1.3.1 (peer)" })
        #expect(results.count == corpus.cases.count)
        let passed = results.filter { $0.status == .passed }
        #expect(passed.count >= 15)
        // Both directions ran for the plain cases.
        let basic = try #require(results.first { $0.id == "publish/basic-hash" })
        #expect(
            basic.checks.map(\.name) == [
                "peer swift->ruby delivery", "peer swift->ruby headers", "peer swift->ruby message",
                "peer ruby->swift delivery", "peer ruby->swift publish model", "peer ruby->swift message"
            ])
        // The case on another exchange is exchanged by a peer on that exchange.
        let custom = try #require(results.first { $0.id == "publish/custom-exchange" })
        #expect(custom.status == .passed, "\(custom.status)")
        #expect(custom.checks.count == 6)
        #expect(peer.lines.contains { $0.contains("exchange events; 1 publish cases") }, "\(peer.lines)")
        #expect(peer.startFailure == nil)
        #expect(try await LiveTestBroker.leftoverVirtualHosts(live).isEmpty)
    }

    @Test(.enabled(if: PeerTestSupport.rubyPeer != nil, "HUTCH_TEST_RUBY_PEER is not set: no Ruby peer with the hutch gems to run against"))
    func consumeOutcomesChainsAndDelaysGoBothWays() async throws {
        guard await LiveTestBroker.available() else { return }
        let command = try #require(PeerTestSupport.rubyPeer)
        let corpus = try LiveTestBroker.corpus([
            "hutch-1.3.1/consume/consumer-reject.json", "hutch-1.3.1/consume/consumer-raises.json",
            "hutch-1.3.1/consume/json-array-body.json", "hutch-1.3.1/consume/raw-non-json.json",
            "hutch-1.3.1/consume/e2e-chain-delivery2.json", "hutch-1.3.1/consume/e2e-chain-delivery3.json",
            "hutch-1.3.1/enqueue_at/future-5.json", "hutch-1.3.1/enqueue_in/props-with-cc.json", "hutch-1.3.1/enqueue/basic.json"
        ])
        let settings = LiveSettings(
            url: LiveTestBroker.url ?? "", managementURL: LiveTestBroker.managementURL, environment: LiveTestBroker.environment,
            rubyPeer: PeerSettings(command: command, workingDirectory: PeerTestSupport.packageRoot))
        let live = try await LiveRunner(settings: settings).run(corpus)
        let peer = try #require(live.peer)
        for line in peer.lines { print(line) }
        let results = Dictionary(uniqueKeysWithValues: live.report.results.filter { $0.corpus == "hutch-1.3.1 (peer)" }.map { ($0.id, $0) })
        for result in results.values where result.status != .passed {
            Issue.record("\(result.fullName): \(result.status) \(result.checks.filter { !$0.passed }.flatMap(\.differences))")
        }
        #expect(results.count == corpus.cases.count)
        func checks(_ id: String) -> [String] { results[id]?.checks.map(\.name) ?? [] }
        #expect(checks("consume/consumer-reject") == ["peer swift->ruby outcome", "peer ruby->swift outcome"])
        #expect(checks("consume/raw-non-json") == ["peer swift->ruby outcome"])
        #expect(checks("consume/e2e-chain-delivery3") == ["peer swift->ruby chain", "peer ruby->swift chain"])
        #expect(checks("enqueue_at/future-5") == ["peer swift->ruby enqueue", "peer ruby->swift enqueue"])
        #expect(checks("enqueue_in/props-with-cc") == ["peer swift->ruby enqueue", "peer ruby->swift enqueue"])
        #expect(try await LiveTestBroker.leftoverVirtualHosts(live).isEmpty)
    }

    @Test(.enabled(if: PeerTestSupport.rubyPeer != nil, "HUTCH_TEST_RUBY_PEER is not set: no Ruby peer with the hutch gems to run against"))
    func thePeerFollowsTheCasesNamespaceAndExchange() async throws {
        guard await LiveTestBroker.available() else { return }
        let command = try #require(PeerTestSupport.rubyPeer)
        let api = try LiveTestBroker.management()
        let vhost = "hutch-conformance-test-peer-\(UUID().uuidString.prefix(8))"
        try await api.createVirtualHost(vhost)
        try await api.grantPermissions(virtualHost: vhost, user: "guest")
        var spec = PeerSpec.crossLanguage
        spec.config = ["mq_exchange": "shop", "namespace": "billing"]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-peer-spec-\(UUID().uuidString).json")
        try Data(try spec.bytes()).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let settings = PeerSettings(command: command, workingDirectory: PeerTestSupport.packageRoot)
        let start = await PeerSession.start(
            settings, arguments: ["--spec", file.path, "--vhost", vhost, "--timeout", "60"],
            environment: [PeerRunner.urlVariable: LiveTestBroker.url ?? ""])
        guard case .ready(let session, let ready) = start else {
            try? await api.deleteVirtualHost(vhost)
            Issue.record("the peer did not start: \(start)")
            return
        }
        await session.stop()
        try await api.deleteVirtualHost(vhost)
        #expect(ready.string("exchange") == "shop")
        let queues = (ready.fields["queues"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(queues.contains("billing:peer_json_consumer") && queues.contains("billing:peer_identity_consumer"), "\(queues)")
    }
}
