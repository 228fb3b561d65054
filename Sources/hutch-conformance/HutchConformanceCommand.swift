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
        discussion: "Exits 0 only when no case failed. Unsupported kinds and unreadable files count as failures."
    )

    @Argument(help: "Case files or folders of them (default: the bundled ruby-fixtures/recorded).")
    var paths: [String] = []

    @Flag(name: .shortAndLong, help: "Also list passed and skipped cases.")
    var verbose = false

    @Option(name: .long, help: "Only check cases whose corpus/id contains this text.")
    var filter: String?

    func run() throws {
        let roots = paths.isEmpty ? [BundledCorpus.path()] : paths
        var corpus = Corpus.load(paths: roots)
        if let filter {
            corpus.cases = corpus.cases.filter { "\($0.hutchVersion.map { "hutch-\($0)" } ?? "")/\($0.id)".contains(filter) }
            corpus.skipped = corpus.skipped.filter { "\($0.corpus)/\($0.id)".contains(filter) }
        }
        let runner = ConformanceRunner(
            checkers: DefaultCheckers.all,
            environment: CheckEnvironment(
                now: { Date().timeIntervalSince1970 },
                makeUUID: { UUID().uuidString.lowercased() }
            )
        )
        let console = ConsoleReport(verbose: verbose)
        let report = runner.run(corpus) { result in
            for line in console.lines(for: result) { print(line) }
        }
        for line in console.closingLines(for: report) { print(line) }
        if report.failed > 0 { throw ExitCode.failure }
    }
}
