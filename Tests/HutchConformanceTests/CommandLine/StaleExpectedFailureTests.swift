import Foundation
import Testing

/// Entries of `--expected-failures` that name no case of a run that covered them are
/// stale: warned of on standard error, dropped by `--fix`. Entries the run did not cover
/// (outside the filter, another corpus, `live`'s columns) are left alone.
@Suite struct StaleExpectedFailureTests {
    static let list = """
        hutch-1.3.1/publish/flaots  # a typo: stale
        hutch-1.3.1/consume/elsewhere
        hutch-1.3.1 (live)/publish/floats
        hutch-9.9.9/publish/floats

        """

    static func check(_ list: URL, fix: Bool) async throws -> (status: Int32, output: String) {
        try await ExitStatusTests.run(
            ["check", TestCorpus.root, "--filter", "hutch-1.3.1/publish", "--expected-failures", list.path] + (fix ? ["--fix"] : []))
    }

    static func warnings(_ output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.contains("warning:") }
    }

    @Test(ExitStatusTests.built) func aStaleEntryIsWarnedOfAndOthersAreNot() async throws {
        let folder = try ExitStatusTests.folder("stale-list")
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("failures.txt")
        try Self.list.write(to: list, atomically: true, encoding: .utf8)
        let result = try await Self.check(list, fix: false)
        #expect(result.status == 0, "\(result.output)")
        #expect(
            Self.warnings(result.output) == [
                "hutch-conformance: warning: \(list.path) lists hutch-1.3.1/publish/flaots, which names no case of this run (stale)"
            ], "\(result.output)")
    }

    @Test(ExitStatusTests.built) func fixDropsOnlyTheStaleEntry() async throws {
        let folder = try ExitStatusTests.folder("stale-list-fix")
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("failures.txt")
        try Self.list.write(to: list, atomically: true, encoding: .utf8)
        let result = try await Self.check(list, fix: true)
        #expect(result.status == 0, "\(result.output)")
        #expect(Self.warnings(result.output).count == 1 && result.output.contains("(stale, dropped)"), "\(result.output)")
        let kept = try String(contentsOf: list, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(kept == ["hutch-1.3.1/consume/elsewhere", "hutch-1.3.1 (live)/publish/floats", "hutch-9.9.9/publish/floats"])
    }

    @Test(ExitStatusTests.built) func aStaleNameIsEscapedOnTheTerminal() async throws {
        let folder = try ExitStatusTests.folder("stale-list-escape")
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("failures.txt")
        try "hutch-1.3.1/publish/\u{1B}[2Jfloats\n".write(to: list, atomically: true, encoding: .utf8)
        let result = try await Self.check(list, fix: false)
        #expect(!result.output.contains("\u{1B}"))
        #expect(result.output.contains(#"lists hutch-1.3.1/publish/\e[2Jfloats, which names no case"#), "\(result.output)")
    }
}
