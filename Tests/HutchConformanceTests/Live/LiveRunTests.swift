import Foundation
import HutchConformance
import Testing

/// The whole bundled corpus, live, against the project's broker: every case that has
/// broker behaviour passes, in vhosts the run creates and deletes.
///
/// The run's duration is printed, not asserted: how fast it goes depends on the machine's
/// load, and a slow run is not a wrong one. What a bound on it stood for is checked where it
/// is decided: every wait of the run is bounded (each delivery by its arrival timeout, each
/// HTTP request by `httpTimeout`, the set-up by `setupTimeout`), and a wait that ran out
/// where a delivery was due is a failed check (`report.failed == 0`). The time limit only
/// turns a hang, should one get past those bounds, into a failure instead of a stuck run.
@Suite struct LiveRunTests {
    @Test(LiveTestBroker.reachable, .timeLimit(.minutes(10))) func theBundledCorpusPassesLive() async throws {
        let started = Date()
        let live = try await LiveTestBroker.run(Corpus.load(paths: [TestCorpus.root]))
        let seconds = Date().timeIntervalSince(started)
        let report = live.report
        for result in report.results where result.status.isFailure {
            Issue.record("\(result.fullName): \(result.checks.filter { !$0.passed }.flatMap(\.differences))")
        }
        #expect(report.failed == 0)
        #expect(report.passed >= 330)
        print("live run of the bundled corpus: \(report.summaryLine) in \(Int(seconds)) s")

        // Every corpus and every kind with broker behaviour ran live and passed.
        for corpus in ["hutch-1.1.0 (live)", "hutch-1.3.1 (live)", "hutch-1.4.0 (live)"] {
            for kind in ["topology", "publish", "enqueue", "enqueue_in", "enqueue_at", "consume", "retry"] {
                #expect(report.results.contains { $0.corpus == corpus && $0.kind == kind && $0.status == .passed }, "\(corpus) \(kind)")
            }
        }
        #expect(
            report.results.contains {
                $0.kind == "delay_level" && $0.status == .skipped("no broker behaviour: checked offline by hutch-conformance check")
            })
        #expect(try await LiveTestBroker.leftoverVirtualHosts(live).isEmpty)

        // The hazards: broker, pairings, flags with passing evidence.
        let hazards = live.hazards
        #expect(hazards.broker.hasPrefix("RabbitMQ"))
        #expect(hazards.pairings.count == 3)
        let delay = try #require(hazards.hazards.first { $0.id == "delay-queues-without-arguments" })
        #expect(delay.flagged && delay.corpora == ["hutch-1.3.1", "hutch-1.4.0"])
        #expect(delay.evidence.contains { $0.contains("consume/enqueue-in-never-delivered [live arrival]: passed") })
        let unacked = try #require(hazards.hazards.first { $0.id == "never-acknowledged" })
        #expect(unacked.flagged && !unacked.evidence.isEmpty && unacked.evidence.allSatisfy { $0.hasSuffix(": passed") })
        let xDeath = try #require(hazards.hazards.first { $0.id == "x-death-from-3.13" })
        #expect(xDeath.evidence.contains { $0.contains("e2e-chain-delivery3 [live failure_count]: passed") })
    }
}
