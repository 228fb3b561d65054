import Foundation
import HutchAMQP
import HutchConformance
import HutchTestSupport
import Testing

extension ClusterLiveTests {
    /// The live conformance run against the cluster finds three nodes through the
    /// management API and flags hutch-schedule's delay queues living on one node.
    @Test func theLiveHazardReportFlagsDelayQueuesOnOneNodeOfTheCluster() async throws {
        try await TestCluster.restoreAll()
        let options = try TestCluster.options(node: 1)
        let url = TestCluster.urls[0]
        let management = "http://127.0.0.1:\(options.port + 10000)"
        let recorded = TestBroker.script.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ruby-fixtures/recorded/hutch-1.1.0/publish/basic-hash.json").path
        let corpus = Corpus.load(paths: [recorded])
        #expect(corpus.cases.count == 1)
        let run = try await LiveRunner(settings: LiveSettings(url: url, managementURL: management, environment: .system)).run(corpus)
        let hazard = try #require(run.hazards.hazards.first { $0.id == "delay-queues-on-one-node" })
        print("live hazard report on the cluster: [\(hazard.flagged ? "FLAGGED" : "not flagged")] \(hazard.title)")
        #expect(hazard.flagged && hazard.corpora == ["hutch-1.1.0"])
        #expect(hazard.detail.contains("a cluster of 3 nodes"), "\(hazard.detail)")
    }
}
