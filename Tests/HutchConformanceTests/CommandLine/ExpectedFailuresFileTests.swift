import Foundation
import Testing

/// An `--expected-failures` list the run cannot use is a usage error before any case
/// runs, never an empty list; `--fix` creates a missing one and says "rewrote" only once
/// it is written.
@Suite struct ExpectedFailuresFileTests {
    static let floats = TestCorpus.root + "/hutch-1.3.1/publish/floats.json"

    static func expectUnusable(_ list: String, found: String, fix: Bool = false) async throws {
        let result = try await ExitStatusTests.run(["check", floats, "--expected-failures", list] + (fix ? ["--fix"] : []))
        #expect(result.status == 64, "\(result.output)")
        #expect(
            result.output.contains("--expected-failures \(list): expected a readable UTF-8 list of case names, found \(found)"),
            "\(result.output)")
        #expect(!result.output.contains("passed"), "no case runs: \(result.output)")
    }

    @Test(ExitStatusTests.built) func aFolderIsAUsageError() async throws {
        let folder = try ExitStatusTests.folder("list-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.expectUnusable(folder.path, found: "a folder")
        try await Self.expectUnusable(folder.path, found: "a folder", fix: true)
    }

    @Test(ExitStatusTests.built) func textThatIsNotUTF8IsAUsageError() async throws {
        let folder = try ExitStatusTests.folder("list-latin1")
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("failures.txt")
        try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: list)
        try await Self.expectUnusable(list.path, found: "bytes that are not UTF-8")
    }

    @Test(ExitStatusTests.built) func aMissingListIsAUsageErrorUnlessFixCreatesIt() async throws {
        let folder = try ExitStatusTests.folder("list-missing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("failures.txt")
        try await Self.expectUnusable(list.path, found: "no file there (--fix creates it)")
        let fixed = try await ExitStatusTests.run(["check", Self.floats, "--expected-failures", list.path, "--fix"])
        #expect(fixed.status == 0, "\(fixed.output)")
        #expect(fixed.output.contains("rewrote \(list.path)"))
        #expect(FileManager.default.fileExists(atPath: list.path))
    }

    @Test(ExitStatusTests.built) func rewroteIsPrintedOnlyAfterTheListIsWritten() async throws {
        // procfs refuses new folders, also to root: the list cannot be written.
        let list = "/proc/hutch-conformance-\(UUID().uuidString)/failures.txt"
        let result = try await ExitStatusTests.run(["check", Self.floats, "--expected-failures", list, "--fix"])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("error: cannot write the expected-failures list to \(list)"), "\(result.output)")
        #expect(!result.output.contains("rewrote"), "\(result.output)")
    }
}
