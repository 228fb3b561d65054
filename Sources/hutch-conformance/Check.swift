import ArgumentParser
import Foundation
import HutchConformance
import HutchConventions

/// `hutch-conformance check`: the recorded cases, offline, byte for byte.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check recorded cases offline, byte for byte.",
        discussion: """
            Unsupported kinds, unreadable files and folders, and listed expected failures \
            that now pass count as failures.

            """ + ExitStatus.help
    )

    @OptionGroup var reports: ReportOptions

    func run() throws {
        let runner = ConformanceRunner(
            checkers: DefaultCheckers.all,
            environment: CheckEnvironment.system)
        let corpus = try reports.corpus()
        let failureList = try reports.failureList()
        var progress = TerminalProgress(total: corpus.cases.count + corpus.unreadable.count)
        let report = runner.run(corpus) { progress.step($0.fullName) }
        progress.finish()
        try reports.finish(report, subcommand: "check", failureList: failureList, scope: reports.failureListScope(corpus))
    }
}
