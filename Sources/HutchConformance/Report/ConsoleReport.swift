/// The text report `hutch-conformance check` prints: one block per case that did not
/// pass (each difference with its field path, Ruby's value and Swift's), then the
/// counts and the closing summary line.
///
/// Case names, file names, reasons and values are escaped for the terminal
/// (``TerminalText``): control characters show as escapes, never act.
package struct ConsoleReport: Sendable {
    /// Also list passed and skipped cases.
    package var verbose: Bool

    /// Creates a report.
    package init(verbose: Bool = false) { self.verbose = verbose }

    /// The lines for one result (none for a pass unless verbose).
    package func lines(for result: CaseResult) -> [String] {
        let e = TerminalText.escape
        let name = e(result.fullName)
        switch result.status {
        case .passed:
            return verbose ? ["PASS \(name)"] : []
        case .skipped(let reason):
            return verbose ? ["SKIP \(name): \(e(reason))"] : []
        case .unsupported(let reason):
            return ["UNSUPPORTED \(name): \(e(reason))"]
        case .unreadable(let error):
            return ["UNREADABLE \(name): \(e(error.description))"]
        case .expectedFailure:
            return verbose ? ["XFAIL \(name) (listed as expected to fail)"] : []
        case .unexpectedPass:
            return ["UNEXPECTED PASS \(name): listed as expected to fail, but passes — the list is stale"]
        case .failed:
            var lines = ["FAIL \(name) (\(e(result.file)))"]
            for check in result.checks where !check.passed {
                for difference in check.differences {
                    lines.append("  [\(e(check.name))] \(e(difference.path))")
                    lines.append("      Ruby:  \(e(difference.ruby))")
                    lines.append("      Swift: \(e(difference.swift))")
                }
            }
            return lines
        }
    }

    /// The closing lines: a breakdown when anything failed, then the summary line.
    package func closingLines(for report: RunReport) -> [String] {
        var lines: [String] = []
        if report.failed > 0 {
            var breakdown =
                "failed: \(report.differed) differ from Ruby, \(report.unsupported) unsupported, \(report.unreadable) unreadable"
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
