import Foundation
import HutchConformance
import Testing

/// The coverage table classifies each case by what its input and recording say.
@Suite struct CoverageTableTests {
    static func table(_ files: [String]) -> CoverageTable {
        let corpus = Corpus.load(paths: files.map { URL(fileURLWithPath: TestCorpus.extendedRoot).appendingPathComponent($0).path })
        #expect(corpus.unreadable.isEmpty && corpus.cases.count == files.count)
        return CoverageTable(corpus)
    }

    static func count(_ table: CoverageTable, _ dimension: String, _ value: String, _ kind: String) -> Int? {
        table.rows.first { $0.dimension == dimension && $0.value == value && $0.kind == kind }?.counts.first
    }

    @Test func aLargeObjectBodyCountsAsBoth() {
        let table = Self.table(["hutch-1.3.1/consume/x-body-large-plain-json.json"])
        #expect(table.versions == ["hutch-1.3.1"])
        #expect(Self.count(table, "body", "object", "consume") == 1)
        #expect(Self.count(table, "body", "large (multi-frame)", "consume") == 1)
        #expect(Self.count(table, "body", "array", "consume") == 0)
        #expect(Self.count(table, "pairing", "hutch-schedule not loaded", "consume") == 1)
        #expect(Self.count(table, "Hutch::Enqueue", "not defined", "consume") == 1)
    }

    @Test func consumerDimensionsAndOutcome() {
        let table = Self.table(["hutch-1.3.1/consume/x-sl-identity-no-enqueue-reject-then-raise.json"])
        #expect(Self.count(table, "serializer", "identity", "consume") == 1)
        #expect(Self.count(table, "Hutch::Enqueue", "left out", "consume") == 1)
        #expect(Self.count(table, "handler", "reject! then raise", "consume") == 1)
        #expect(Self.count(table, "outcome", "none", "consume") == 1)
        #expect(table.totals.first { $0.kind == "consume" }?.counts == [1])
    }

    @Test func refusalsAndMaxRetryErrors() {
        let table = Self.table(["hutch-1.3.1/topology/x-plain-refused-negative-ttl.json", "hutch-1.3.1/retry/x-headers-string.json"])
        #expect(Self.count(table, "broker", "refuses (channel.close)", "topology") == 1)
        #expect(Self.count(table, "queue declaration", "several consumers", "topology") == 1)
        #expect(Self.count(table, "x-death headers", "MaxRetry raises", "retry") == 1)
        #expect(table.markdown.hasPrefix("| dimension | value | kind | hutch-1.3.1 |\n|---|---|---|---:|\n| cases | all | publish | 0 |"))
    }
}
