/// The results of a run and its counts.
public struct RunReport: Sendable {
    /// Every case's result, in run order.
    public var results: [CaseResult]

    /// Creates a report.
    public init(results: [CaseResult]) { self.results = results }

    /// Cases whose every check agreed with Ruby.
    public var passed: Int { results.count { $0.status == .passed } }
    /// Cases that differ.
    public var differed: Int { results.count { $0.status == .failed } }
    /// Cases no checker supports.
    public var unsupported: Int { results.count { if case .unsupported = $0.status { true } else { false } } }
    /// Files that could not be read as cases.
    public var unreadable: Int { results.count { if case .unreadable = $0.status { true } else { false } } }
    /// Cases the manifests list as not recorded.
    public var skipped: Int { results.count { if case .skipped = $0.status { true } else { false } } }

    /// Everything that makes the run fail: differences, unsupported kinds, unreadable files.
    public var failed: Int { differed + unsupported + unreadable }

    /// The closing line: `N passed, N failed`, with `, N skipped` where any were.
    public var summaryLine: String {
        var line = "\(passed) passed, \(failed) failed"
        if skipped > 0 { line += ", \(skipped) skipped" }
        return line
    }
}
