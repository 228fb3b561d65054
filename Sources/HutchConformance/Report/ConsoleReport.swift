/// The text report `hutch-conformance check` prints: one block per case that did not
/// pass (each difference with its field path, Ruby's value and Swift's), then the
/// counts and the closing summary line.
public struct ConsoleReport: Sendable {
    /// Also list passed and skipped cases.
    public var verbose: Bool

    /// Creates a report.
    public init(verbose: Bool = false) { self.verbose = verbose }

    /// The lines for one result (none for a pass unless verbose).
    public func lines(for result: CaseResult) -> [String] {
        switch result.status {
        case .passed:
            return verbose ? ["PASS \(result.fullName)"] : []
        case .skipped(let reason):
            return verbose ? ["SKIP \(result.fullName): \(reason)"] : []
        case .unsupported(let reason):
            return ["UNSUPPORTED \(result.fullName): \(reason)"]
        case .unreadable(let error):
            return ["UNREADABLE \(result.fullName): \(error)"]
        case .expectedFailure:
            return verbose ? ["XFAIL \(result.fullName) (listed as expected to fail)"] : []
        case .unexpectedPass:
            return ["UNEXPECTED PASS \(result.fullName): listed as expected to fail, but passes — the list is stale"]
        case .failed:
            var lines = ["FAIL \(result.fullName) (\(result.file))"]
            for check in result.checks where !check.passed {
                for difference in check.differences {
                    lines.append("  [\(check.name)] \(difference.path)")
                    lines.append("      Ruby:  \(difference.ruby)")
                    lines.append("      Swift: \(difference.swift)")
                }
            }
            return lines
        }
    }

    /// The closing lines: a breakdown when anything failed, then the summary line.
    public func closingLines(for report: RunReport) -> [String] {
        var lines: [String] = []
        if report.failed > 0 {
            var breakdown = "failed: \(report.differed) differ from Ruby, \(report.unsupported) unsupported, \(report.unreadable) unreadable"
            if report.unexpectedPasses > 0 { breakdown += ", \(report.unexpectedPasses) listed failures now pass" }
            lines.append(breakdown)
        }
        if report.expectedFailures > 0 {
            lines.append("\(report.expectedFailures) expected failures (listed), counted as skipped")
        }
        lines.append(report.summaryLine)
        return lines
    }
}
