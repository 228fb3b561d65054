import Foundation
import HutchConformance
import Testing

/// Without the gems the real peer.rb reports `skipped` (exit 3), and every peer check
/// is reported skipped with its reason — never a pass, never a failure (the command
/// line then exits 2 unless --allow-skips). A peer that cannot start or never becomes
/// ready fails the run. No broker is needed: the peer checks its gems before it connects.
@Suite struct PeerSkippedTests {
    /// `ruby` without -I: Debian's ruby has no hutch gem on its load path.
    static let plainRuby: String? = {
        guard let ruby = PeerTestSupport.executable("ruby") else { return nil }
        return "\(ruby) ruby-fixtures/peer.rb"
    }()

    static func settings(_ command: String) -> PeerSettings {
        PeerSettings(command: command, workingDirectory: PeerTestSupport.packageRoot, readyTimeout: .seconds(60), eventTimeout: .seconds(5))
    }

    @Test(.enabled(if: plainRuby != nil, "needs ruby on PATH"))
    func thePeerWithoutTheGemsReportsSkipped() async throws {
        let command = try #require(Self.plainRuby)
        guard await Self.hutchIsNotLoadable() else {
            print("SKIPPED \(#function): plain `ruby` can load the hutch gem here, so the peer would not skip")
            return
        }
        let spec = FileManager.default.temporaryDirectory.appendingPathComponent("hutch-peer-spec-\(UUID().uuidString).json")
        try Data(try PeerSpec.crossLanguage.bytes()).write(to: spec)
        defer { try? FileManager.default.removeItem(at: spec) }
        let start = await PeerSession.start(
            Self.settings(command), arguments: ["--spec", spec.path, "--url", "amqp://guest:guest@127.0.0.1:1/"])
        guard case .skipped(let reason) = start else {
            Issue.record("the peer did not skip")
            return
        }
        #expect(reason.hasPrefix("hutch gem not installed"), "\(reason)")
    }

    @Test(.enabled(if: plainRuby != nil, "needs ruby on PATH"))
    func everyPeerCheckIsSkippedWithTheReason() async throws {
        let command = try #require(Self.plainRuby)
        guard await Self.hutchIsNotLoadable() else {
            print("SKIPPED \(#function): plain `ruby` can load the hutch gem here, so the peer would not skip")
            return
        }
        let cases = PeerTestSupport.publishCases()
        #expect(cases.count >= 20)
        let runner = PeerRunner(settings: Self.settings(command), environment: PeerTestSupport.environment)
        // The port is never connected to: the peer stops at its gems.
        let report = await runner.run(cases, url: "amqp://guest:guest@127.0.0.1:1/", virtualHost: "unused")
        #expect(report.startFailure == nil)
        #expect(report.results.count == cases.count)
        for result in report.results {
            #expect(result.corpus == "hutch-1.3.1 (peer)")
            guard case .skipped(let reason) = result.status else {
                Issue.record("\(result.fullName): \(result.status), expected skipped")
                continue
            }
            #expect(reason.hasPrefix("hutch gem not installed"), "\(reason)")
            #expect(!result.status.isFailure)
        }
        // Visible: the console line names the reason, and so do the reports.
        #expect(report.lines.contains { $0.hasPrefix("Ruby peer skipped: hutch gem not installed") })
        let runReport = RunReport(results: report.results)
        #expect(runReport.passed == 0 && runReport.failed == 0 && runReport.skipped == cases.count)
        let console = ConsoleReport(verbose: true).lines(for: try #require(report.results.first)).joined(separator: "\n")
        #expect(console.contains("hutch gem not installed"), "\(console)")
    }

    @Test(.enabled(if: plainRuby != nil, "needs ruby on PATH"))
    func consumeChainAndEnqueueCasesAreSkippedWithTheReasonToo() async throws {
        let command = try #require(Self.plainRuby)
        guard await Self.hutchIsNotLoadable() else {
            print("SKIPPED \(#function): plain `ruby` can load the hutch gem here, so the peer would not skip")
            return
        }
        let cases = Corpus.load(paths: ["consume", "enqueue", "enqueue_at"].map { TestCorpus.root + "/hutch-1.3.1/" + $0 }).cases
        #expect(cases.count >= 25)
        let runner = PeerRunner(settings: Self.settings(command), environment: PeerTestSupport.environment)
        let report = await runner.run(cases, url: "amqp://guest:guest@127.0.0.1:1/", virtualHost: "unused")
        #expect(report.startFailure == nil)
        // Every case, the chain steps and the not applicable ones included, is reported — skipped, with the reason.
        #expect(report.results.count == cases.count)
        #expect(
            report.results.allSatisfy {
                if case .skipped(let reason) = $0.status { reason.hasPrefix("hutch gem not installed") } else { false }
            },
            "\(report.results.map { "\($0.id): \($0.status)" })")
        #expect(report.lines.contains { $0.hasPrefix("Ruby peer skipped the consume cases: hutch gem not installed") })
        #expect(report.lines.contains { $0.hasPrefix("Ruby peer skipped the enqueue cases: hutch gem not installed") })
    }

    @Test func aPeerThatCannotStartFailsTheRun() async {
        let start = await PeerSession.start(Self.settings("/nonexistent/ruby peer.rb"), arguments: [])
        guard case .failed(let reason) = start else {
            Issue.record("a missing command did not fail")
            return
        }
        #expect(reason.contains("exited with status 127"), "\(reason)")
        let cases = PeerTestSupport.publishCases()
        let runner = PeerRunner(settings: Self.settings("/nonexistent/ruby peer.rb"), environment: PeerTestSupport.environment)
        let report = await runner.run(cases, url: "amqp://guest:guest@127.0.0.1:1/", virtualHost: "unused")
        #expect(report.startFailure?.contains("exited with status 127") == true, "\(String(describing: report.startFailure))")
        #expect(report.results.count == cases.count)
        #expect(report.results.allSatisfy { $0.status == .failed && $0.checks.first?.name == "peer start" })
        #expect(report.lines.contains { $0.hasPrefix("Ruby peer failed to start:") })
    }

    @Test func aPeerThatNeverBecomesReadyFailsInTime() async {
        let started = ContinuousClock.now
        // The silent peer would live 120 s; the runner must give up long before that
        // (ready timeout 0.5 s, then stop, SIGTERM and SIGKILL within a few seconds —
        // the bound below leaves room for a loaded machine).
        let settings = PeerSettings(command: "sleep 120 #", readyTimeout: .milliseconds(500))
        guard case .failed(let reason) = await PeerSession.start(settings, arguments: []) else {
            Issue.record("a silent peer did not fail")
            return
        }
        #expect(reason.contains("did not report ready"), "\(reason)")
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    static func hutchIsNotLoadable() async -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ruby -e 'require \"hutch\"' >/dev/null 2>&1"]
        do { try process.run() } catch { return false }
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return !process.isRunning && process.terminationStatus != 0
    }
}
