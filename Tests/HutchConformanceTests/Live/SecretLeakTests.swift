import Foundation
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement
import HutchTestSupport
import Testing

/// A known password is looked for in every channel `hutch-conformance` writes to —
/// stdout, stderr, the JUnit, JSON and HTML reports, the Ruby peer's command line,
/// error descriptions, `dump` — on every path that sees it: a good run, a refused
/// login, and URLs Ruby or Swift reject. It is never there (nor half of it).
@Suite struct SecretLeakTests {
    static let password = "Zq9secretXy"
    /// Passwords the parsers reject or split (the halves are looked for too).
    static let broken = ["Zq9se cretXy", "Zq9se%zzcretXy", "Zq9seécretXy", "Zq9se/cretXy", "Zq9se?cretXy", "Zq9se#cretXy"]

    static func leaks(_ text: String) -> Bool { text.contains("Zq9se") || text.contains("cretXy") }

    static func brokerURL(user: String, password: String) -> String {
        (LiveTestBroker.url ?? "").replacingOccurrences(of: "guest:guest@", with: "\(user):\(password)@")
    }

    @Test(LiveTestBroker.reachable, LiveGateTests.built, .timeLimit(.minutes(5)))
    func noChannelShowsThePassword() async throws {
        let user = TestBroker.uniqueName(area: "conformance", "leak")
        try await TestBroker.addUser(user, password: Self.password, tags: ["administrator"])  // a throwaway user and password
        defer { Task { try? await TestBroker.deleteUser(user) } }
        let folder = ExternalTool.temporaryFile("leak")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var channels: [(name: String, text: String)] = []

        // A good run with every report, a stale expected-failures list (whose hint
        // echoes the command line) and a Ruby peer that records how it was started.
        let peerScript = folder.appendingPathComponent("peer.sh")
        let peerArguments = folder.appendingPathComponent("peer-arguments")
        let peerEnvironment = folder.appendingPathComponent("peer-url")
        try """
        printf '%s\\n' "$0" "$@" > '\(peerArguments.path)'
        printf '%s' "$HUTCH_PEER_URL" > '\(peerEnvironment.path)'
        echo '{"event":"skipped","reason":"a recording stand-in"}'
        exit 3
        """.write(to: peerScript, atomically: true, encoding: .utf8)
        let list = folder.appendingPathComponent("expected-failures.txt")
        try "hutch-1.3.1 (live)/publish/floats\n".write(to: list, atomically: true, encoding: .utf8)
        let reports = ["junit": "r/live.xml", "json": "r/live.json", "html": "r/live.html"].mapValues {
            folder.appendingPathComponent($0).path
        }
        let url = Self.brokerURL(user: user, password: Self.password)
        let good = try await LiveGateTests.run([
            "live", "--url", url, "--management-url", LiveTestBroker.managementURL ?? "",
            "--filter", "hutch-1.3.1/publish/floats", "--expected-failures", list.path, "--allow-skips",
            "--junit", reports["junit"]!, "--json", reports["json"]!, "--html", reports["html"]!,
            "--ruby-peer", "/bin/sh \(peerScript.path)", TestCorpus.root
        ])
        #expect(good.status == 1, "\(good.output)")  // the listed case passes: the list is stale
        #expect(good.output.contains("to update the list: hutch-conformance live --url amqp://\(user):***@"), "\(good.output)")
        channels.append(("good run output", good.output))
        for (kind, path) in reports { channels.append(("\(kind) report", try String(contentsOfFile: path, encoding: .utf8))) }
        channels.append(("peer command line", try String(contentsOf: peerArguments, encoding: .utf8)))
        #expect(try String(contentsOf: peerEnvironment, encoding: .utf8) == url, "the peer gets the URL in its environment")

        // A refused login (the password is wrong for guest), from the environment.
        let refused = try await LiveGateTests.run(
            ["live", "--management-url", LiveTestBroker.managementURL ?? "", "--filter", "hutch-1.3.1/publish/floats", TestCorpus.root],
            environment: ["HUTCH_CONFORMANCE_URL": Self.brokerURL(user: "guest", password: Self.password)])
        #expect(refused.status == 3, "\(refused.output)")
        channels.append(("refused login output", refused.output))

        // URLs the parsers reject, on the command line and from the environment.
        for password in Self.broken {
            let broken = "amqp://app:\(password)@127.0.0.1:5999/"
            let fromArgument = try await LiveGateTests.run(["live", "--url", broken, "--vhost", "x", TestCorpus.root])
            let fromEnvironment = try await LiveGateTests.run(
                ["live", "--vhost", "x", TestCorpus.root], environment: ["HUTCH_CONFORMANCE_URL": broken])
            #expect(fromArgument.status == 3 && fromEnvironment.status == 3, "\(fromArgument.output)")
            channels.append(("\(password): output", fromArgument.output + fromEnvironment.output))
            do {
                _ = try await LiveRunner(settings: LiveSettings(url: broken, virtualHost: "x", environment: LiveTestBroker.environment))
                    .run(Corpus.load(paths: []))
                Issue.record("\(password): the live run started")
            } catch {
                channels.append(("\(password): LiveRunError", "\(error) \(String(reflecting: error))"))
            }
            do {
                _ = try ConnectionOptions(url: broken)
            } catch {
                channels.append(("\(password): AMQPError", "\(error) \(String(reflecting: error))"))
            }
            do {
                _ = try HutchConfig.load(uri: broken, profile: .default)
            } catch {
                channels.append(("\(password): HutchConfigError", "\(error) \(String(reflecting: error))"))
            }
        }

        // The values that hold it.
        var settings = LiveSettings(
            url: url, managementURL: "http://\(user):\(Self.password)@127.0.0.1:1", environment: LiveTestBroker.environment)
        settings.rubyPeer = PeerSettings(command: "ruby peer.rb")
        let api = ManagementAPI(baseURL: "http://127.0.0.1:1", username: user, password: Self.password)
        for (name, value) in [
            ("LiveSettings", settings as Any), ("ManagementAPI", api), ("ConnectionOptions", try ConnectionOptions(url: url))
        ] {
            var dumped = ""
            dump(value, to: &dumped)
            channels.append((name, "\(value) \(String(reflecting: value)) \(dumped)"))
        }

        for channel in channels { #expect(!Self.leaks(channel.text), "\(channel.name) shows the password: \(channel.text)") }
        #expect(channels.count >= 6 + Self.broken.count * 2)
    }
}
