import Foundation
import Testing

/// Runs the built `hutch-conformance` binary and asserts on its output and exit code.
@Suite struct CommandLineTests {
    /// The folder holding the test bundle, which also holds the built executables.
    static let productsDirectory: URL = {
        // On Linux the test bundle is an executable (`….xctest`) in the products folder.
        let testBinary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent()
    }()

    static let executable = productsDirectory.appendingPathComponent("hutch-conformance").path

    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await ExternalTool.run(executable, arguments)
    }

    static func corpusWithOneFailure() throws -> URL {
        let folder = ExternalTool.temporaryFile("corpus")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["floats", "key-order"] {
            var text = String(decoding: try TestCorpus.bytes("hutch-1.3.1/publish/\(name).json"), as: UTF8.self)
            if name == "floats" { text = text.replacingOccurrences(of: "eyJhIjoxLjAs", with: "eyJhIjoyLjAs") }
            try text.write(to: folder.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "hutch-conformance is not built beside the tests"))
    func bundledCorpusPasses() async throws {
        let result = try await Self.run(["check", TestCorpus.root])
        #expect(result.status == 0)
        #expect(result.output.hasSuffix("345 passed, 0 failed, 5 skipped\n"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "hutch-conformance is not built beside the tests"))
    func aDifferenceFailsWithItsPath() async throws {
        let folder = try Self.corpusWithOneFailure()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.run(["check", folder.path])
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL hutch-1.3.1/publish/floats"))
        #expect(result.output.contains("[fields] expected.body"))
        #expect(result.output.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "hutch-conformance is not built beside the tests"))
    func expectedFailuresAndFix() async throws {
        let folder = try Self.corpusWithOneFailure()
        let list = ExternalTool.temporaryFile("failures.txt")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: list)
        }
        try "hutch-1.3.1/publish/key-order  # stale\n".write(to: list, atomically: true, encoding: .utf8)
        let stale = try await Self.run(["check", folder.path, "--expected-failures", list.path])
        #expect(stale.status == 1)
        #expect(stale.output.contains("UNEXPECTED PASS hutch-1.3.1/publish/key-order"))
        #expect(stale.output.contains("--fix"))

        // --fix rewrites the list, but the run fails while a case fails unlisted.
        let fixed = try await Self.run(["check", folder.path, "--expected-failures", list.path, "--fix"])
        #expect(fixed.status == 1)
        let text = try String(contentsOf: list, encoding: .utf8)
        #expect(text.contains("hutch-1.3.1/publish/floats\n"))
        #expect(!text.contains("key-order"))

        let gated = try await Self.run(["check", folder.path, "--expected-failures", list.path])
        #expect(gated.status == 0)
        #expect(gated.output.hasSuffix("1 passed, 0 failed, 1 skipped\n"))
    }
}
