import HutchConformance
import HutchTestSupport
import Testing

/// Every case of every bundled corpus passes, each reported on its own.
@Suite struct BundledCorpusTests {
    @Test func theCorpusIsThere() {
        #expect(TestCorpus.caseFiles.count >= 345)
    }

    @Test func recordedCasePasses() async {
        await checkEveryCase(TestCorpus.caseFiles) { file in
            let recorded = try CaseFileReader.parse(try TestCorpus.bytes(file), file: file)
            let result = TestCorpus.runner.run(recorded)
            #expect(result.status == .passed, "\(ConsoleReport(verbose: true).lines(for: result).joined(separator: "\n"))")
            #expect(!result.checks.isEmpty, "\(file)")
        }
    }
}
