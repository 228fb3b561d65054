import HutchConformance
import HutchConventions
import Testing

@Suite struct JSONReportTests {
    @Test func carriesCountsAndDifferences() throws {
        let report = try SampleReport.make()
        let value = try RubyJSON.parse(JSONReport().bytes(for: report))
        let summary = try #require(value.objectValue?["summary"]?.objectValue)
        #expect(summary["passed"] == .int(1))
        #expect(summary["failed"] == .int(2))
        #expect(summary["skipped"] == .int(1))
        let results = try #require(value.objectValue?["results"]?.arrayValue)
        #expect(results.count == 4)
        let floats = try #require(results.first { $0.objectValue?["name"] == "hutch-1.3.1/publish/floats" }?.objectValue)
        #expect(floats["status"] == "failed")
        let fields = try #require(floats["checks"]?.arrayValue?.first { $0.objectValue?["name"] == "fields" }?.objectValue)
        #expect(fields["passed"] == false)
        #expect(fields["differences"]?.arrayValue?.first?.objectValue?["path"] == "expected.body")
    }
}
