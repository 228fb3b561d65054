import Foundation
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement
import HutchTestSupport
import Testing

/// The broker the live conformance tests use: `HUTCH_TEST_BROKER_URL` and
/// `HUTCH_TEST_MANAGEMENT_URL` (scripts/test.sh starts a private RabbitMQ on
/// 127.0.0.1:5682 with its management API on 127.0.0.1:15682 and exports both).
enum LiveTestBroker {
    static let url = TestBroker.url
    static let managementURL = TestBroker.managementURL

    /// The condition of every live conformance test: the runner reports the test as
    /// skipped, with this reason, when the broker or its management API does not answer.
    static let reachable: ConditionTrait = .enabled(
        "needs a reachable RabbitMQ and its management API (HUTCH_TEST_BROKER_URL, HUTCH_TEST_MANAGEMENT_URL); scripts/test.sh starts both"
    ) {
        await available()
    }

    /// Whether the broker and its management API answer; prints why not, so a skip is
    /// never silent.
    static func available(_ test: String = #function) async -> Bool {
        guard await TestBroker.isReachable(for: "live conformance test \(test)") else { return false }
        guard let managementURL, !managementURL.isEmpty else {
            print(
                "SKIPPED live conformance test \(test): HUTCH_TEST_MANAGEMENT_URL is not set (scripts/test.sh starts a broker and sets it)")
            return false
        }
        do {
            _ = try await management().overview()
        } catch {
            print("SKIPPED live conformance test \(test): the management API at \(managementURL) is unreachable: \(error)")
            return false
        }
        return true
    }

    /// A client for the management API with the broker URL's credentials.
    static func management() throws -> ManagementAPI {
        let options = try ConnectionOptions(url: url ?? "")
        return ManagementAPI(baseURL: managementURL ?? "", username: options.username, password: options.password)
    }

    static let environment = CheckEnvironment.system

    /// Runs `corpus` live in vhosts the run creates (and deletes).
    static func run(_ corpus: Corpus) async throws -> LiveRunReport {
        var settings = LiveSettings(url: url ?? "", managementURL: managementURL, environment: environment)
        settings.httpTimeout = httpTimeout
        return try await LiveRunner(settings: settings).run(corpus)
    }

    /// Each management API call's limit in the live tests: creating a vhost took past the
    /// runner's default 15 s in a full run on a loaded 2-core machine.
    static let httpTimeout: Double = 60

    /// The bundled case at `path` (relative to ruby-fixtures/recorded), altered by `edit`.
    static func corpus(_ paths: [String], edit: (inout RecordedCase) throws -> Void = { _ in }) throws -> Corpus {
        var corpus = Corpus.load(paths: paths.map { TestCorpus.root + "/" + $0 })
        for index in corpus.cases.indices { try edit(&corpus.cases[index]) }
        return corpus
    }

    /// The result of the case `id` in a live report.
    static func result(_ report: LiveRunReport, _ id: String) -> CaseResult? {
        report.report.results.first { $0.id == id }
    }

    /// The differences of a named check of case `id`.
    static func differences(_ report: LiveRunReport, _ id: String, check: String) -> [Difference] {
        result(report, id)?.checks.first { $0.name == check }?.differences ?? []
    }

    /// Whether any of the run's vhosts still exists.
    static func leftoverVirtualHosts(_ report: LiveRunReport) async throws -> [String] {
        let api = try management()
        var left: [String] = []
        for vhost in report.virtualHosts where try await api.virtualHostExists(vhost) { left.append(vhost) }
        return left
    }
}
