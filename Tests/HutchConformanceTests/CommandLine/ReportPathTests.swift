import Foundation
import HutchTestSupport
import Testing

/// Where `check` writes its reports: through a symbolic link to its target, into a FIFO
/// without replacing it, and never over another report or a file the run reads.
@Suite struct ReportPathTests {
    static let floats = "hutch-1.3.1/publish/floats.json"

    @Test(ExitStatusTests.built) func aLinkedReportIsWrittenToItsTargetAndTheLinkKept() async throws {
        let folder = try ExitStatusTests.folder("report-link")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ExitStatusTests.copyCase(Self.floats, to: folder)
        let target = folder.appendingPathComponent("elsewhere/report.json")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let link = folder.appendingPathComponent("report.json")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "elsewhere/report.json")
        let result = try await ExitStatusTests.run(["check", folder.appendingPathComponent("floats.json").path, "--json", link.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "elsewhere/report.json")
        #expect(try String(contentsOf: target, encoding: .utf8).contains(#""passed":1"#))
    }

    @Test(ExitStatusTests.built) func aFIFOIsWrittenThroughNotReplaced() async throws {
        let folder = try ExitStatusTests.folder("report-fifo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("report.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // A reader that does not wait for a writer, so the check can open the FIFO.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let result = try await ExitStatusTests.run(["check", TestCorpus.root + "/" + Self.floats, "--json", fifo])
        #expect(result.status == 0, "\(result.output)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = read(reader, &buffer, buffer.count)
        #expect(count > 0 && String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).contains(#""passed":1"#))
    }

    /// A FIFO no process reads: refused at once, not waited on forever (`timeout` turns a
    /// hang into exit 124).
    @Test(ExitStatusTests.built) func aFIFONobodyReadsIsRefusedNotWaitedOn() async throws {
        let folder = try ExitStatusTests.folder("report-fifo-unread")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("report.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try await Command.run(
            "/usr/bin/timeout", ["60", CommandLineTests.executable, "check", TestCorpus.root + "/" + Self.floats, "--json", fifo],
            includeStandardError: true)
        #expect(result.status == 3, "\(result.output)")
        #expect(
            result.output.contains(
                "cannot write the JSON report to \(fifo): expected a file that can be written, found a FIFO no process reads"))
    }

    @Test(ExitStatusTests.built) func twoReportsToOneFileAreAUsageError() async throws {
        let folder = try ExitStatusTests.folder("report-twice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report").path
        let result = try await ExitStatusTests.run(["check", TestCorpus.root + "/" + Self.floats, "--json", report, "--junit", report])
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("--json \(report): expected a file no other option writes, found the file --junit writes"))
        #expect(!FileManager.default.fileExists(atPath: report))
    }

    @Test(ExitStatusTests.built) func twoReportsToDevNullDiscardBoth() async throws {
        let result = try await ExitStatusTests.run([
            "check", TestCorpus.root + "/" + Self.floats, "--json", "/dev/null", "--junit", "/dev/null", "--html", "/dev/null"
        ])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(ExitStatusTests.built) func aReportOverACaseFileIsAUsageError() async throws {
        let folder = try ExitStatusTests.folder("report-over-case")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ExitStatusTests.copyCase(Self.floats, to: folder)
        let caseFile = folder.appendingPathComponent("floats.json").path
        let before = try Data(contentsOf: URL(fileURLWithPath: caseFile))
        let result = try await ExitStatusTests.run(["check", folder.path, "--json", caseFile])
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("--json: expected a file the run does not read, found the case file \(caseFile)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: caseFile)) == before)
    }
}
