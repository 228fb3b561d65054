import ArgumentParser
import Foundation
import HutchConformance

@main
struct HutchConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hutch-conformance",
        abstract: "Check Swift's Hutch conventions against cases recorded from the real Ruby gems.",
        subcommands: [Check.self],
        defaultSubcommand: Check.self
    )
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check recorded cases offline, byte for byte.",
        discussion: """
            Exits 0 only when no case failed. Unsupported kinds, unreadable files and \
            listed expected failures that now pass count as failures.
            """
    )

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

    func run() throws {
        let roots = paths.isEmpty ? [BundledCorpus.path()] : paths
        var corpus = Corpus.load(paths: roots)
        if let filter {
            corpus.cases = corpus.cases.filter { "\($0.hutchVersion.map { "hutch-\($0)" } ?? "")/\($0.id)".contains(filter) }
            corpus.skipped = corpus.skipped.filter { "\($0.corpus)/\($0.id)".contains(filter) }
        }
        let runner = ConformanceRunner(
            checkers: DefaultCheckers.all,
            environment: CheckEnvironment(now: { Date().timeIntervalSince1970 }, makeUUID: { UUID().uuidString.lowercased() }))
        var report = runner.run(corpus)
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
        try write(json) { String(decoding: JSONReport().bytes(for: report), as: UTF8.self) }
        try write(html) { HTMLReport().html(for: report) }
        if let expectedFailures, let failureList {
            if fix {
                try failureList.rewritten(for: report).text.write(toFile: expectedFailures, atomically: true, encoding: .utf8)
                print("rewrote \(expectedFailures)")
            } else if report.unexpectedPasses > 0 {
                print("to update the list: hutch-conformance check \(CommandLine.arguments.dropFirst().filter { $0 != "check" }.joined(separator: " ")) --fix")
            }
        }
        for line in console.closingLines(for: report) { print(line) }
        if report.failed > 0 && !fix { throw ExitCode.failure }
    }

    private func write(_ path: String?, _ contents: () -> String) throws {
        guard let path else { return }
        try contents().write(toFile: path, atomically: true, encoding: .utf8)
    }
}
