import Foundation
import HutchConformance
import HutchTestSupport
import Testing

/// The extended corpus (issue 13): recorded from the real gems with the inputs
/// `ruby-fixtures/tools/generate_extended_cases.rb` writes; every case passes, each
/// reported on its own, and together with the bundled corpus it is at least three
/// times the bundled one per version.
@Suite struct ExtendedCorpusTests {
    static let versions = ["hutch-1.1.0", "hutch-1.3.1", "hutch-1.4.0"]

    @Test func recordedCasePasses() async {
        #expect(TestCorpus.extendedCaseFiles.count > 900)
        await checkEveryCase(TestCorpus.extendedCaseFiles) { file in
            let recorded = try CaseFileReader.parse(try TestCorpus.bytes(file, in: TestCorpus.extendedRoot), file: file)
            let result = TestCorpus.runner.run(recorded)
            #expect(result.status == .passed, "\(ConsoleReport(verbose: true).lines(for: result).joined(separator: "\n"))")
            #expect(!result.checks.isEmpty, "\(file)")
        }
    }

    @Test(arguments: versions)
    func atLeastThreeTimesTheBundledCasesPerVersion(_ version: String) {
        let bundled = TestCorpus.caseFiles.filter { $0.hasPrefix(version + "/") }.count
        let extended = TestCorpus.extendedCaseFiles.filter { $0.hasPrefix(version + "/") }.count
        #expect(bundled > 100)
        #expect(bundled + extended >= 3 * bundled, "\(version): \(bundled) bundled + \(extended) extended")
    }

    @Test func noExtendedIdIsABundledId() {
        let bundled = Set(TestCorpus.caseFiles)
        let clashes = TestCorpus.extendedCaseFiles.filter { bundled.contains($0) }
        #expect(clashes.isEmpty, "\(clashes)")
    }

    /// The coverage table of Conformance/README.md is the one the corpora give now.
    @Test func readmeCoverageTableIsUpToDate() throws {
        let readme = TestCorpus.packageRoot.appendingPathComponent("Conformance/README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let table = CoverageTable(Corpus.load(paths: [TestCorpus.root, TestCorpus.extendedRoot]))
        let updated = try #require(table.replacingSection(in: text), "Conformance/README.md lacks the coverage markers")
        #expect(updated == text, "run: swift run hutch-conformance coverage --readme Conformance/README.md")
    }
}
