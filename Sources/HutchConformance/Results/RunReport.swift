/// The results of a run and its counts.
public struct RunReport: Sendable {
    /// Every case's result, in run order.
    public var results: [CaseResult]

    /// Creates a report.
    package init(results: [CaseResult]) { self.results = results }

    /// Cases whose every check agreed with Ruby.
    package var passed: Int { results.count { $0.status == .passed } }
    /// Cases that differ.
    package var differed: Int { results.count { $0.status == .failed } }
    /// Cases no checker supports.
    package var unsupported: Int { results.count { if case .unsupported = $0.status { true } else { false } } }
    /// Files that could not be read as cases.
    package var unreadable: Int { results.count { if case .unreadable = $0.status { true } else { false } } }
    /// Cases the manifests list as not recorded.
    package var skipped: Int { results.count { if case .skipped = $0.status { true } else { false } } }

    /// Listed failures that failed as expected.
    package var expectedFailures: Int { results.count { $0.status == .expectedFailure } }
    /// Listed failures that passed: the list is stale.
    package var unexpectedPasses: Int { results.count { $0.status == .unexpectedPass } }

    /// Everything that makes the run fail: differences, unsupported kinds, unreadable
    /// files, and listed failures that now pass.
    public var failed: Int { results.count { $0.status.isFailure } }

    /// The closing line: `N passed, N failed`, with `, N skipped` where any were
    /// skipped or failed as a failure list expected.
    package var summaryLine: String {
        var line = "\(passed) passed, \(failed) failed"
        let notGating = skipped + expectedFailures
        if notGating > 0 { line += ", \(notGating) skipped" }
        return line
    }

    /// The report with `list` applied: listed failures become expected failures,
    /// listed passes become unexpected passes.
    package func applying(_ list: FailureList) -> RunReport {
        RunReport(
            results: results.map { result in
                guard list.contains(result.fullName) else { return result }
                var marked = result
                switch result.status {
                case .failed, .unsupported, .unreadable: marked.status = .expectedFailure
                case .passed: marked.status = .unexpectedPass
                case .skipped, .expectedFailure, .unexpectedPass: break
                }
                return marked
            })
    }
}
