import Foundation
import HutchConformance
import HutchTestSupport

/// Finds and runs command-line tools some report tests need (xmllint, chromium).
enum ExternalTool {
    static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let xmllint = path("xmllint")
    static let chromium = path("chromium") ?? path("chromium-browser") ?? path("google-chrome")

    /// Runs a tool; returns its exit status and standard output (standard error discarded).
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await Command.run(executable, arguments)
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("hutch-report-\(UUID().uuidString)-\(name)")
    }
}

/// A small report with a pass, a difference, an unreadable file and a skip, made
/// from altered bundled cases.
enum SampleReport {
    static func make() throws -> RunReport {
        let passed = try TestCorpus.runAltered("hutch-1.3.1/publish/key-order.json", editing: "expected") { _ in }
        let differed = try TestCorpus.runAltered("hutch-1.3.1/publish/floats.json") {
            $0.replacingOccurrences(of: "eyJhIjoxLjAs", with: "eyJhIjoyLjAs")
        }
        let unreadable = try TestCorpus.runAltered("hutch-1.4.0/publish/floats.json") {
            $0.replacingOccurrences(of: "\"payload_hex\": \"003c0028", with: "\"payload_hex\": \"zz3c0028")
        }
        let skipped = CaseResult(
            id: "topology/queue-options", kind: "topology", corpus: "hutch-1.1.0", file: "",
            status: .skipped("needs Hutch 1.1.1 <& \"quotes\">"))
        return RunReport(results: [passed, differed, unreadable, skipped])
    }
}
