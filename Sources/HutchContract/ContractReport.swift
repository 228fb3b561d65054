import Foundation
import HutchConformance

/// The outcome of ``MessageContract/verify(_:)``, in the project's report types: the
/// console text `hutch-conformance check` prints, and JUnit XML for CI.
public struct ContractReport: Sendable {
    /// Every result: one per case with messages reaching a Swift consumer
    /// (`ruby->swift`), one per Swift consumer (`swift consumers`), one per publishing
    /// fixture (`swift->ruby`), plus unreadable files.
    public var run: RunReport

    /// Whether the contract holds: nothing failed.
    public var passed: Bool { run.failed == 0 }

    /// Each failure with its case, check, place, Ruby's side and Swift's, then the
    /// summary line (`N passed, N failed`).
    public var text: String {
        let console = ConsoleReport()
        let lines = run.results.flatMap(console.lines(for:)) + console.closingLines(for: run)
        return lines.joined(separator: "\n")
    }

    /// Writes the JUnit XML report to the file `path` names: through a symbolic link to
    /// its target, in place into a device or FIFO (`/dev/null`), atomically into a
    /// regular file; the folder above it is created when missing.
    public func writeJUnit(to path: String) throws {
        try ReportFile.write(JUnitReport().xml(for: run), to: path)
    }

    /// Writes the JUnit XML report where the environment variable `HUTCH_CONTRACT_JUNIT`
    /// says (what `scripts/contract-gate.sh` sets), if it is set; returns the path.
    @discardableResult
    public func writeJUnitIfRequested(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        guard let path = environment["HUTCH_CONTRACT_JUNIT"], !path.isEmpty else { return nil }
        try writeJUnit(to: path)
        return path
    }
}
