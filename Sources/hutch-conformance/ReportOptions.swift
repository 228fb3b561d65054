import ArgumentParser
import Foundation
import HutchConformance
import HutchConventions

/// The options `check` and `live` share: which cases, how verbose, which report files,
/// and the expected-failures list.
struct ReportOptions: ParsableArguments {
    @Argument(
        help:
            "Case files or folders of them (default: the bundled corpora — check: ruby-fixtures/recorded and ruby-fixtures/recorded-extended; live: ruby-fixtures/recorded)."
    )
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

    @Option(
        name: .long,
        help:
            "A list of cases expected to fail (one full name a line, '# why' allowed). A missing file is a usage error, except with --fix, which creates it."
    )
    var expectedFailures: String?

    @Flag(
        name: .long,
        help:
            "Rewrite the --expected-failures file to list exactly the cases failing now (the run still fails while any case fails unlisted)."
    )
    var fix = false

    @Flag(
        name: .long,
        help: "Exit 0 when no case was checked (no case files, a filter that matches nothing, only skipped cases) instead of 2.")
    var allowEmpty = false

    func validate() throws {
        if fix && expectedFailures == nil { throw ValidationError("--fix needs --expected-failures FILE") }
    }

    /// The cases selected by the paths (`defaultPaths` when none) and the filter; a usage
    /// error when a file the run writes is also one it reads or another report
    /// (``ReportPaths``).
    func corpus(defaultPaths: [String] = BundledCorpus.paths()) throws -> Corpus {
        let roots = paths.isEmpty ? defaultPaths : paths
        var corpus = Corpus.load(paths: roots)
        try ReportPaths(junit: junit, json: json, html: html, expectedFailures: expectedFailures, fix: fix).validate(against: corpus)
        if let filter {
            corpus.cases = corpus.cases.filter { "\($0.hutchVersion.map { "hutch-\($0)" } ?? "")/\($0.id)".contains(filter) }
            corpus.skipped = corpus.skipped.filter { "\($0.corpus)/\($0.id)".contains(filter) }
        }
        return corpus
    }

    /// The `--expected-failures` list (``ExpectedFailuresFile``), read before the run;
    /// `nil` without the option.
    func failureList() throws -> FailureList? {
        try expectedFailures.map { path throws(ValidationError) in try ExpectedFailuresFile.read(path, fix: fix) }
    }

    /// Which list entries a run over `corpus` covers (``FailureListScope``).
    func failureListScope(_ corpus: Corpus) -> FailureListScope {
        FailureListScope(corpora: corpus.wholeCorpora, filter: filter)
    }

    /// Applies the expected-failures list (`failureList`, from ``failureList()``),
    /// warns of its stale entries (those `scope` covers that name no case of the run),
    /// prints the results, writes the reports and the `--fix`ed list, prints
    /// `extraLines` and the closing lines, and ends the command with its
    /// ``ExitStatus``. `hazards` go into the JSON report as `"live"`; `skippedLanes`
    /// name lanes whose every case was skipped (allowed by `allowSkips`); `toolErrors`
    /// are what the tool could not do before.
    func finish(
        _ report: RunReport, subcommand: String, failureList: FailureList?, scope: FailureListScope, extraLines: [String] = [],
        hazards: HazardReport? = nil, skippedLanes: [String] = [], allowSkips: Bool = false, toolErrors: [String] = []
    ) throws {
        var report = report
        if let failureList { report = report.applying(failureList) }
        let console = ConsoleReport(verbose: verbose)
        for result in report.results {
            for line in console.lines(for: result) { print(line) }
        }
        var errors = toolErrors
        write(junit, "JUnit report", &errors) { JUnitReport().xml(for: report) }
        write(json, "JSON report", &errors) { String(decoding: JSONReport().bytes(for: report, hazards: hazards), as: UTF8.self) }
        write(html, "HTML report", &errors) { HTMLReport().html(for: report) }
        if let expectedFailures, let failureList {
            if fix {
                if write(expectedFailures, "expected-failures list", &errors, { failureList.rewritten(for: report, scope: scope).text }) {
                    print("rewrote \(TerminalText.escape(expectedFailures))")
                }
            } else if report.unexpectedPasses > 0 {
                let arguments = URLRedaction.redacting(arguments: Array(CommandLine.arguments.dropFirst())).filter { $0 != subcommand }
                print(TerminalText.escape("to update the list: hutch-conformance \(subcommand) \(arguments.joined(separator: " ")) --fix"))
            }
        }
        for line in extraLines { print(TerminalText.escape(line)) }
        let checked = report.results.count { if case .skipped = $0.status { false } else { true } }
        if checked == 0 {
            print(
                report.results.isEmpty
                    ? "nothing checked: no case selected (no case files under the paths, or a filter that matches nothing)"
                    : "nothing checked: every selected case was skipped")
        }
        for lane in skippedLanes { print(TerminalText.escape("lane not checked: every case of \(lane) was skipped")) }
        for line in console.closingLines(for: report) { print(line) }
        if let expectedFailures, let failureList {
            for entry in failureList.staleEntries(for: report, scope: scope) {
                StandardError.print(
                    TerminalText.escape(
                        "warning: \(expectedFailures) lists \(entry.name), which names no case of this run (stale\(fix ? ", dropped" : ""))"
                    ))
            }
        }
        for error in errors { StandardError.print("error: \(TerminalText.escape(error))") }

        let status: ExitStatus
        if !errors.isEmpty {
            status = .toolError
        } else if report.failed > 0 {
            status = .differ
        } else if (checked == 0 && !allowEmpty) || (!skippedLanes.isEmpty && !allowSkips) {
            status = .nothingChecked
        } else {
            status = .passed
        }
        try status.exit()
    }

    /// Writes a report to `path` (``ReportFile``); a failure is added to `errors`.
    /// Whether it was written.
    @discardableResult
    private func write(_ path: String?, _ what: String, _ errors: inout [String], _ contents: () -> String) -> Bool {
        guard let path else { return false }
        do {
            try ReportFile.write(contents(), to: path)
            return true
        } catch {
            errors.append("cannot write the \(what) to \(path): \(error.reason)")
            return false
        }
    }
}
