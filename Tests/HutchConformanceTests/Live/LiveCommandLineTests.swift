import Foundation
import Testing

/// `hutch-conformance live` as a user runs it: exit code, results, hazards.
@Suite struct LiveCommandLineTests {
    @Test(
        LiveTestBroker.reachable,
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: CommandLineTests.executable), "hutch-conformance is not built beside the tests"
        ))
    func liveRunPrintsResultsAndHazards() async throws {
        let json = ExternalTool.temporaryFile("live.json")
        defer { try? FileManager.default.removeItem(at: json) }
        let result = try await CommandLineTests.run([
            "live", "--url", LiveTestBroker.url ?? "", "--management-url", LiveTestBroker.managementURL ?? "",
            "--filter", "hutch-1.3.1/publish/floats", "--json", json.path, TestCorpus.root
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Broker: RabbitMQ"))
        #expect(result.output.contains("Hazards:"))
        #expect(result.output.hasSuffix("1 passed, 0 failed\n"))
        let text = try String(contentsOf: json, encoding: .utf8)
        #expect(text.contains(#""corpus":"hutch-1.3.1 (live)""#) && text.contains(#""live":{"broker":"RabbitMQ"#))
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: CommandLineTests.executable), "hutch-conformance is not built beside the tests"
        ))
    func allowExistingNeedsAVhost() async throws {
        let result = try await CommandLineTests.run(["live", "--url", "amqp://127.0.0.1:1/", "--allow-existing"])
        #expect(result.status == 64)  // a usage error (the message goes to standard error)
    }
}
