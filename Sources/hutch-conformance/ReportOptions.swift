import ArgumentParser
import Foundation
import HutchConformance

/// The options `check` and `live` share: which cases, how verbose, which report files,
/// and the expected-failures list.
struct ReportOptions: ParsableArguments {
    @Argument(help: "Case files or folders of them (default: the bundled ruby-fixtures/recorded).")
    var paths: [String] = []

    @Flag(name: .shortAndLong, help: "Also list passed and skipped cases.")
    var verbose = false

    @Option(name: .long, help: "Only check cases whose corpus/id contains this text.")
    var filter: String?

    @Option(name: .long, help: "Write a JUnit XML report (one test case per case and check).")
    var junit: String?

    @Option(name: .long, help: "Write a JSON report.")
    var json: String?

    @Option(name: .long, help: "Write a self-contained HTML report (a matrix of cases × checks × versions).")
    var html: String?

    @Option(name: .long, help: "A list of cases expected to fail (one full name a line, '# why' allowed).")
    var expectedFailures: String?

    @Flag(name: .long, help: "Rewrite the --expected-failures file to list exactly the cases failing now.")
    var fix = false

    func validate() throws {
        if fix && expectedFailures == nil { throw ValidationError("--fix needs --expected-failures FILE") }
    }

    /// The cases selected by the paths and the filter.
    func corpus() -> Corpus {
        let roots = paths.isEmpty ? [BundledCorpus.path()] : paths
        var corpus = Corpus.load(paths: roots)
        if let filter {
            corpus.cases = corpus.cases.filter { "\($0.hutchVersion.map { "hutch-\($0)" } ?? "")/\($0.id)".contains(filter) }
            corpus.skipped = corpus.skipped.filter { "\($0.corpus)/\($0.id)".contains(filter) }
        }
        return corpus
    }

    /// Applies the expected-failures list, prints the results, writes the reports and
    /// the `--fix`ed list, prints `extraLines` and the closing lines, and fails the
    /// command when the run failed. `hazards` go into the JSON report as `"live"`.
    func finish(_ report: RunReport, subcommand: String, extraLines: [String] = [], hazards: HazardReport? = nil) throws {
        var report = report
        var failureList: FailureList?
        if let expectedFailures {
            let text = (try? String(contentsOfFile: expectedFailures, encoding: .utf8)) ?? ""
            if text.isEmpty && !fix && !FileManager.default.fileExists(atPath: expectedFailures) {
                throw ValidationError("no expected-failures file at \(expectedFailures)")
            }
            failureList = FailureList(text: text)
            report = report.applying(FailureList(text: text))
        }
        let console = ConsoleReport(verbose: verbose)
        for result in report.results {
            for line in console.lines(for: result) { print(line) }
        }
        try write(junit) { JUnitReport().xml(for: report) }
        try write(json) { String(decoding: JSONReport().bytes(for: report, hazards: hazards), as: UTF8.self) }
        try write(html) { HTMLReport().html(for: report) }
        if let expectedFailures, let failureList {
            if fix {
                try failureList.rewritten(for: report).text.write(toFile: expectedFailures, atomically: true, encoding: .utf8)
                print("rewrote \(expectedFailures)")
            } else if report.unexpectedPasses > 0 {
                print("to update the list: hutch-conformance \(subcommand) \(CommandLine.arguments.dropFirst().filter { $0 != subcommand }.joined(separator: " ")) --fix")
            }
        }
        for line in extraLines { print(line) }
        for line in console.closingLines(for: report) { print(line) }
        if report.failed > 0 && !fix { throw ExitCode.failure }
    }

    private func write(_ path: String?, _ contents: () -> String) throws {
        guard let path else { return }
        try contents().write(toFile: path, atomically: true, encoding: .utf8)
    }
}
