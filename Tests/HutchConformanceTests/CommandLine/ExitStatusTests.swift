import Foundation
import HutchTestSupport
import Testing

/// `check` fails closed: every way of checking nothing exits 2 (unless `--allow-empty`),
/// a difference 1, a tool failure 3, a usage error 64 — and `--help` says so.
@Suite struct ExitStatusTests {
    static let built: ConditionTrait = .enabled(
        if: FileManager.default.isExecutableFile(atPath: CommandLineTests.executable), "hutch-conformance is not built beside the tests")

    /// Runs the binary; standard output and error together.
    static func run(_ arguments: [String], as user: String? = nil) async throws -> (status: Int32, output: String) {
        if let user {
            return try await Command.run(
                "/usr/sbin/runuser", ["-u", user, "--", CommandLineTests.executable] + arguments, includeStandardError: true)
        }
        return try await Command.run(CommandLineTests.executable, arguments, includeStandardError: true)
    }

    static func folder(_ name: String) throws -> URL {
        let folder = ExternalTool.temporaryFile(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func copyCase(_ relative: String, to folder: URL) throws {
        let target = folder.appendingPathComponent((relative as NSString).lastPathComponent)
        try Data(try TestCorpus.bytes(relative)).write(to: target)
    }

    @Test(built) func anEmptyFolderChecksNothingAndExits2() async throws {
        let empty = try Self.folder("empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try await Self.run(["check", empty.path])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("nothing checked: no case selected"))
        let allowed = try await Self.run(["check", empty.path, "--allow-empty"])
        #expect(allowed.status == 0, "\(allowed.output)")
    }

    @Test(built) func aFolderWithoutCaseFilesExits2() async throws {
        let folder = try Self.folder("no-json")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not a case".utf8).write(to: folder.appendingPathComponent("README.txt"))
        #expect(try await Self.run(["check", folder.path]).status == 2)
    }

    @Test(built) func aFilterThatMatchesNothingExits2() async throws {
        let result = try await Self.run(["check", TestCorpus.root, "--filter", "no-such-case-anywhere"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.hasSuffix("0 passed, 0 failed\n"))
    }

    @Test(built) func aManifestListingOnlySkipsExits2() async throws {
        let folder = try Self.folder("only-skips")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"name": "hutch-9.9.9", "skipped": [{"id": "publish/x", "reason": "not in this version"}]}"#.utf8)
            .write(to: folder.appendingPathComponent("corpus.json"))
        let result = try await Self.run(["check", folder.path, "-v"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("nothing checked: every selected case was skipped"))
        #expect(result.output.contains("SKIP hutch-9.9.9/publish/x: not in this version"))
    }

    @Test(built) func aSymlinkedRootIsResolved() async throws {
        let folder = try Self.folder("links")
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("recorded")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: TestCorpus.root)
        let result = try await Self.run(["check", link.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasSuffix("345 passed, 0 failed, 5 skipped\n"))
    }

    @Test(built) func folderLinksInsideACorpusAreFollowedAndLoopsReported() async throws {
        let folder = try Self.folder("inner-links")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("publish").path, withDestinationPath: TestCorpus.root + "/hutch-1.3.1/publish")
        let followed = try await Self.run(["check", folder.path])
        #expect(followed.status == 0, "\(followed.output)")
        #expect(followed.output.hasSuffix("28 passed, 0 failed\n"))

        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("loop").path, withDestinationPath: folder.path)
        let looped = try await Self.run(["check", folder.path])
        #expect(looped.status == 1, "\(looped.output)")
        #expect(looped.output.contains("UNREADABLE") && looped.output.contains("a folder it is in (a loop)"))
        #expect(looped.output.hasSuffix("28 passed, 1 failed\n"))
    }

    @Test(built) func anUnlistableFolderIsUnreadable() async throws {
        let folder = try Self.folder("unlistable")
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try Self.copyCase("hutch-1.3.1/publish/floats.json", to: locked)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path)
            try? FileManager.default.removeItem(at: folder)
        }
        // Root lists any folder: then the check runs as `nobody`, as a CI user would.
        let asRoot = getuid() == 0
        if asRoot && !FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") {
            print("SKIPPED \(#function): running as root and runuser is missing, so no folder is unlistable")
            return
        }
        let result = try await Self.run(["check", folder.path], as: asRoot ? "nobody" : nil)
        #expect(result.status == 1, "\(result.output)")
        #expect(
            result.output.contains("UNREADABLE") && result.output.contains("expected a folder that can be listed, found Permission denied"))
    }

    @Test(built) func reportFoldersAreCreated() async throws {
        let folder = try Self.folder("reports")
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("deep/er/check.xml").path
        let html = folder.appendingPathComponent("other/check.html").path
        let result = try await Self.run([
            "check", TestCorpus.root, "--filter", "hutch-1.3.1/publish/floats", "--junit", junit, "--html", html
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: junit) && FileManager.default.fileExists(atPath: html))
    }

    @Test(built) func aReportThatCannotBeWrittenIsAToolErrorAfterTheResults() async throws {
        let folder = try CommandLineTests.corpusWithOneFailure()
        let blocker = try Self.folder("blocker")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: blocker)
        }
        // A file where the report's folder would go: the folder cannot be created.
        try Data().write(to: blocker.appendingPathComponent("file"))
        let report = blocker.appendingPathComponent("file/report.json").path
        let result = try await Self.run(["check", folder.path, "--json", report])
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("FAIL hutch-1.3.1/publish/floats"))
        #expect(result.output.contains("1 passed, 1 failed"))
        #expect(result.output.contains("error: cannot write the JSON report to \(report)"))
        #expect(!result.output.contains("NSCocoaErrorDomain"))
    }

    @Test(built) func fixRewritesTheListKeepsCommentsAndStillFails() async throws {
        let folder = try CommandLineTests.corpusWithOneFailure()
        let list = ExternalTool.temporaryFile("failures.txt")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: list)
        }
        try "# our list\n\n# floats: tracked in issue 12\nhutch-1.3.1/publish/key-order  # stale\n".write(
            to: list, atomically: true, encoding: .utf8)
        let fixed = try await Self.run(["check", folder.path, "--expected-failures", list.path, "--fix"])
        #expect(fixed.status == 1, "\(fixed.output)")
        #expect(fixed.output.contains("rewrote \(list.path)"))
        let text = try String(contentsOf: list, encoding: .utf8)
        #expect(text == "# our list\n\n# floats: tracked in issue 12\nhutch-1.3.1/publish/floats\n")

        // Once the list matches, the run passes.
        let gated = try await Self.run(["check", folder.path, "--expected-failures", list.path, "--fix"])
        #expect(gated.status == 0, "\(gated.output)")
        #expect(try String(contentsOf: list, encoding: .utf8) == text)
    }

    @Test(built) func controlCharactersAreEscapedOnTheTerminal() async throws {
        let folder = try Self.folder("control")
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = String(decoding: try TestCorpus.bytes("hutch-1.3.1/publish/floats.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: #""id": "publish/floats""#, with: #""id": "publish/\u001b[2J\rPASS fake\nline""#)
        text = text.replacingOccurrences(of: "eyJhIjoxLjAs", with: "eyJhIjoyLjAs")
        try text.write(to: folder.appendingPathComponent("evil\u{1B}]0;title\u{07}.json"), atomically: true, encoding: .utf8)
        let result = try await Self.run(["check", folder.path])
        #expect(result.status == 1)
        #expect(!result.output.contains("\u{1B}") && !result.output.contains("\r") && !result.output.contains("\u{07}"))
        #expect(result.output.contains(#"FAIL hutch-1.3.1/publish/\e[2J\rPASS fake\nline"#), "\(result.output)")
        #expect(result.output.contains(#"evil\e]0;title\u{7}.json"#))
        #expect(!result.output.split(separator: "\n").contains { $0.hasPrefix("PASS") })
    }

    @Test(built) func coverageEscapesControlCharactersInFileNames() async throws {
        let folder = try Self.folder("coverage-control")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not json".utf8).write(to: folder.appendingPathComponent("evil\u{1B}]0;title\u{07}.json"))
        let result = try await Self.run(["coverage", folder.path])
        #expect(result.status == 1, "\(result.output)")
        #expect(!result.output.contains("\u{1B}") && !result.output.contains("\u{07}"))
        #expect(result.output.contains(#"UNREADABLE "#) && result.output.contains(#"evil\e]0;title\u{7}.json"#), "\(result.output)")
    }

    @Test(built, arguments: ["check", "live"]) func helpDocumentsTheExitStatuses(subcommand: String) async throws {
        let result = try await Self.run([subcommand, "--help"])
        #expect(result.status == 0)
        let help = result.output.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        for phrase in [
            "Exit status: 0 every case checked agrees with Ruby", "1 Ruby and Swift differ", "2 nothing was checked",
            "3 the tool could not do its job", "64 a usage error"
        ] {
            #expect(help.contains(phrase), "\(phrase)")
        }
    }

    @Test(built) func usageErrorsExit64() async throws {
        #expect(try await Self.run(["check", "--fix"]).status == 64)
        #expect(try await Self.run(["check", "--no-such-option"]).status == 64)
    }
}
