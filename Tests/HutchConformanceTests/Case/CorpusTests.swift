import Foundation
import HutchConformance
import HutchConventions
import Testing

/// A malformed case file gives a clear error naming the file and field, and the
/// other cases still run.
@Suite struct CorpusTests {
    static func temporaryCorpus(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString)")
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder.path
    }

    static func caseText(id: String, kind: String = "delay_level", samples: String = "[5]", results: String? = nil) -> String {
        let defaultResults = #"[{"level": 5, "routing_key": "hutch.schedule.5s", "queue": "hutch_delay_queue_5s", "expiration": "5000"}]"#
        return """
            {"format": "hutch-conformance/1", "id": "\(id)", "kind": "\(kind)", "recorded_with": {"hutch": "1.3.1"},
             "recorded_at": 1.0, "input": {"config": {}, "samples": \(samples)}, "expected": {"results": \(results ?? defaultResults)}}
            """
    }

    static func run(_ folder: String) -> RunReport {
        let runner = ConformanceRunner(
            checkers: DefaultCheckers.all,
            environment: CheckEnvironment(now: { 0 }, makeUUID: { "00000000-0000-4000-8000-000000000000" }))
        return runner.run(Corpus.load(paths: [folder]))
    }

    @Test func malformedFilesAreReportedAndTheRestStillRuns() throws {
        let folder = try Self.temporaryCorpus([
            "a/good.json": Self.caseText(id: "delay_level/good"),
            "a/bad-json.json": "{ not json",
            "b/missing-field.json": Self.caseText(id: "delay_level/missing").replacingOccurrences(of: "\"recorded_at\": 1.0,", with: ""),
            "b/bad-sample.json": Self.caseText(id: "delay_level/bad", samples: "[\"five\"]"),
            "c/unknown-kind.json": Self.caseText(id: "mystery/one", kind: "mystery")
        ])
        let report = Self.run(folder)
        #expect(report.passed == 1)
        #expect(report.unsupported == 1)
        #expect(report.unreadable == 3)
        #expect(report.failed == 4)
        #expect(report.summaryLine == "1 passed, 4 failed")
        let messages = report.results.compactMap { result -> String? in
            if case .unreadable(let error) = result.status { return error.description }
            return nil
        }
        #expect(messages.contains { $0.contains("bad-json.json") && $0.contains("invalid JSON") })
        #expect(messages.contains { $0.contains("missing-field.json: recorded_at") && $0.contains("expected a number") })
        #expect(messages.contains { $0.contains("bad-sample.json: input.samples[0]") && $0.contains("\"five\"") })
    }

    @Test func aDifferenceIsReportedWithPathAndBothValues() throws {
        let wrong = #"[{"level": 10, "routing_key": "hutch.schedule.5s", "queue": "hutch_delay_queue_5s", "expiration": "5000"}]"#
        let folder = try Self.temporaryCorpus(["x.json": Self.caseText(id: "delay_level/wrong", results: wrong)])
        let report = Self.run(folder)
        #expect(report.differed == 1)
        let difference = try #require(report.results.first?.checks.first?.differences.first)
        #expect(difference.path.hasPrefix("results[0]"))
        #expect(difference.path.hasSuffix(".level"))
        #expect(difference.ruby == "10")
        #expect(difference.swift == "5")
    }

    @Test func manifestSkipsAreCountedAsSkipped() throws {
        let manifest =
            #"{"format": "hutch-conformance/1", "name": "hutch-9.9.9", "skipped": [{"id": "topology/x", "reason": "needs 10.0"}]}"#
        let folder = try Self.temporaryCorpus(["corpus.json": manifest, "x.json": Self.caseText(id: "delay_level/good")])
        let report = Self.run(folder)
        #expect(report.summaryLine == "1 passed, 0 failed, 1 skipped")
    }

    @Test func aMissingPathIsUnreadableNotIgnored() {
        let report = Self.run("/nonexistent/corpus/path")
        #expect(report.unreadable == 1)
        #expect(report.passed == 0)
    }
}
