import Foundation
import HutchConformance
import HutchManagement
import HutchTestSupport
import Testing

/// `live` never hangs, never calls an HTTP API it was not given, and says clearly when
/// it could not run (exit 3) or checked nothing (exit 2).
@Suite struct LiveGateTests {
    static let built: ConditionTrait = .enabled(
        if: FileManager.default.isExecutableFile(atPath: CommandLineTests.executable), "hutch-conformance is not built beside the tests")

    /// Runs the binary with `environment` added; standard output and error together.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await Command.run(CommandLineTests.executable, arguments, environment: environment, includeStandardError: true)
    }

    /// The test broker's URL with another password.
    static func url(password: String) -> String {
        (LiveTestBroker.url ?? "").replacingOccurrences(of: "guest:guest@", with: "guest:\(password)@")
    }

    @Test(LiveTestBroker.reachable, built, .timeLimit(.minutes(2)))
    func aWrongPasswordIsAnImmediateClearError() async throws {
        let api = ManagementAPI(baseURL: LiveTestBroker.managementURL ?? "", username: "guest", password: "not-the-password")
        do {
            _ = try await api.overview()
            Issue.record("the management API accepted a wrong password")
        } catch {
            #expect(error.status == 401)
            #expect(error.description.contains("refused user 'guest'"), "\(error)")
        }
        let result = try await Self.run([
            "live", "--url", Self.url(password: "not-the-password"), "--management-url", LiveTestBroker.managementURL ?? "",
            "--filter", "hutch-1.3.1/publish/floats", TestCorpus.root
        ])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("401"), "\(result.output)")
        #expect(!result.output.contains("not-the-password"))
    }

    @Test(.timeLimit(.minutes(2)))
    func aSilentManagementAPIMeetsItsDeadline() async throws {
        let listener = try #require(LoopbackListener())
        defer { listener.stop() }
        let api = ManagementAPI(baseURL: "http://127.0.0.1:\(listener.port)", username: "guest", password: "guest", timeout: .seconds(1))
        do {
            _ = try await api.overview()
            Issue.record("a server that never answers answered")
        } catch {
            #expect(error.status == nil && error.detail == "no answer within 1 s", "\(error)")
        }
        #expect(listener.requests.first?.hasPrefix("GET /api/overview") == true)
    }

    @Test(built, .timeLimit(.minutes(2)))
    func aSilentManagementAPIFailsTheRunWithExit3() async throws {
        let listener = try #require(LoopbackListener())
        defer { listener.stop() }
        let result = try await Self.run([
            "live", "--url", "amqp://guest:guest@127.0.0.1:1/", "--management-url", "http://127.0.0.1:\(listener.port)",
            "--http-timeout", "1", TestCorpus.root
        ])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("no answer within 1 s"), "\(result.output)")
    }

    @Test(LiveTestBroker.reachable, built, .timeLimit(.minutes(2)))
    func withoutAManagementURLNoHTTPCallIsMade() async throws {
        // Before the fix `--vhost` alone still called http://<amqp host>:15672/api/overview.
        guard let listener = LoopbackListener(port: 15672) else {
            print("SKIPPED \(#function): 127.0.0.1:15672 is in use, so a call to it could not be seen")
            return
        }
        defer { listener.stop() }
        let result = try await Self.run([
            "live", "--url", LiveTestBroker.url ?? "", "--vhost", "/", "--allow-existing",
            "--filter", "hutch-1.3.1/publish/floats", TestCorpus.root
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasSuffix("1 passed, 0 failed\n"), "\(result.output)")
        #expect(listener.requests.isEmpty, "\(listener.requests)")
    }

    @Test(built) func aPasswordHoldingAnAtAndASlashIsReportedAsSuch() async throws {
        // The parser read 'ss' as the host and 'w' as the port; the redacted URL looked valid.
        let result = try await Self.run(["live", "--url", "amqp://guest:p@ss:w/rd%41S3cretPw9@127.0.0.1:5682/", "--vhost", "x"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("not an AMQP URL: amqp://guest:***@127.0.0.1:5682/"), "\(result.output)")
        #expect(result.output.contains("the user info holds an unescaped '/', '?' or '#'"), "\(result.output)")
        #expect(!result.output.contains("S3cretPw9") && !result.output.contains("port"), "\(result.output)")
    }

    @Test(built) func liveNeedsAManagementURLOrAVhost() async throws {
        let result = try await Self.run(["live", "--url", "amqp://guest:guest@127.0.0.1:1/"])
        #expect(result.status == 64)
        #expect(result.output.contains("--management-url") && result.output.contains("--vhost"))
        #expect(try await Self.run(["live", "--vhost", "x"], environment: ["HUTCH_CONFORMANCE_URL": ""]).status == 64)
    }

    @Test(LiveTestBroker.reachable, built)
    func theURLComesFromTheEnvironmentAndAllSkippedExits2() async throws {
        let environment = ["HUTCH_CONFORMANCE_URL": LiveTestBroker.url ?? ""]
        let passed = try await Self.run(
            ["live", "--management-url", LiveTestBroker.managementURL ?? "", "--filter", "hutch-1.3.1/publish/floats", TestCorpus.root],
            environment: environment)
        #expect(passed.status == 0, "\(passed.output)")
        #expect(passed.output.hasSuffix("1 passed, 0 failed\n"))
        // config cases have no broker behaviour: every selected case is skipped.
        let skipped = try await Self.run(
            ["live", "--management-url", LiveTestBroker.managementURL ?? "", "--filter", "hutch-1.3.1/config", TestCorpus.root],
            environment: environment)
        #expect(skipped.status == 2, "\(skipped.output)")
        #expect(skipped.output.contains("nothing checked: every selected case was skipped"))
    }

    @Test(LiveTestBroker.reachable, built)
    func anUnreachableBrokerIsExit3() async throws {
        let result = try await Self.run([
            "live", "--url", "amqp://guest:guest@127.0.0.1:1/", "--management-url", LiveTestBroker.managementURL ?? "",
            "--filter", "hutch-1.3.1/publish/floats", TestCorpus.root
        ])
        #expect(result.status == 3, "\(result.output)")
    }

    @Test(LiveTestBroker.reachable, built, .timeLimit(.minutes(3)))
    func aSkippedPeerLaneExits2AndAPeerThatDoesNotStartExits3() async throws {
        let base = [
            "live", "--url", LiveTestBroker.url ?? "", "--management-url", LiveTestBroker.managementURL ?? "",
            "--http-timeout", "\(Int(LiveTestBroker.httpTimeout))",
            "--filter", "hutch-1.3.1/publish/floats", TestCorpus.root
        ]
        let failed = try await Self.run(base + ["--ruby-peer", "/nonexistent/ruby peer.rb"])
        #expect(failed.status == 3, "\(failed.output)")
        #expect(failed.output.contains("error: the Ruby peer did not start: the Ruby peer exited with status 127"), "\(failed.output)")

        guard let ruby = PeerTestSupport.executable("ruby"), await PeerSkippedTests.hutchIsNotLoadable() else {
            print("SKIPPED \(#function) (skipped lane): needs ruby on PATH that cannot load the hutch gem, so that the peer skips")
            return
        }
        let peer = "\(ruby) \(PeerTestSupport.packageRoot)/ruby-fixtures/peer.rb"
        let skipped = try await Self.run(base + ["--ruby-peer", peer])
        #expect(skipped.status == 2, "\(skipped.output)")
        #expect(skipped.output.contains("lane not checked: every case of hutch-1.3.1 (peer) was skipped"), "\(skipped.output)")
        let allowed = try await Self.run(base + ["--ruby-peer", peer, "--allow-skips"])
        #expect(allowed.status == 0, "\(allowed.output)")
        #expect(allowed.output.hasSuffix("1 passed, 0 failed, 1 skipped\n"))
    }
}
