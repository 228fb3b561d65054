import HutchConformance
import Testing

@Suite struct FailureListTests {
    @Test func parsesNamesAndReasons() {
        let list = FailureList(text: "# header\n\nhutch-1.3.1/publish/floats  # float text\nhutch-1.4.0/consume/x\n")
        #expect(
            list.entries == [
                .init(name: "hutch-1.3.1/publish/floats", reason: "float text"),
                .init(name: "hutch-1.4.0/consume/x", reason: nil)
            ])
    }

    @Test func aListedFailureDoesNotFailTheRun() throws {
        let report = try SampleReport.make().applying(FailureList(text: "hutch-1.3.1/publish/floats\nhutch-1.4.0/publish/floats\n"))
        #expect(report.expectedFailures == 2)
        #expect(report.failed == 0)
        #expect(report.summaryLine == "1 passed, 0 failed, 3 skipped")
    }

    @Test func aListedCaseThatPassesFailsTheRun() throws {
        let report = try SampleReport.make().applying(FailureList(text: "hutch-1.3.1/publish/key-order\n"))
        #expect(report.unexpectedPasses == 1)
        #expect(report.failed == 3)
        #expect(ConsoleReport().lines(for: try #require(report.results.first)).first?.hasPrefix("UNEXPECTED PASS") == true)
    }

    @Test func rewritingListsExactlyTheFailuresAndKeepsReasons() throws {
        let old = FailureList(text: "hutch-1.3.1/publish/floats # known\nhutch-1.3.1/publish/key-order\n")
        let rewritten = old.rewritten(for: try SampleReport.make().applying(old), scope: FailureListScope(corpora: [], filter: nil))
        #expect(
            rewritten.entries == [
                .init(name: "hutch-1.3.1/publish/floats", reason: "known"),
                .init(name: "hutch-1.4.0/publish/floats", reason: nil)
            ])
        #expect(FailureList(text: rewritten.text) == rewritten)
    }

    @Test func rewritingKeepsFreeStandingComments() throws {
        let old = FailureList(
            text: "# ours\n\n# floats: see issue 12\nhutch-1.3.1/publish/floats # known\nhutch-1.3.1/publish/key-order\n# trailing note\n")
        let rewritten = old.rewritten(for: try SampleReport.make().applying(old), scope: FailureListScope(corpora: [], filter: nil))
        #expect(
            rewritten.text
                == "# ours\n\n# floats: see issue 12\nhutch-1.3.1/publish/floats  # known\n# trailing note\nhutch-1.4.0/publish/floats\n")
        #expect(FailureList(text: rewritten.text) == rewritten)
    }
}
