import Foundation
import HutchContract

/// What a mutation test keeps of a failed contract: the failure text, also written to
/// `$HUTCH_CONTRACT_TEXT_DIR/<mutation>.txt` when that is set (how the texts in
/// Conformance/CONTRACTS.md were produced).
enum MutationReport {
    static func text(_ report: ContractReport, mutation: String) -> String {
        let text = report.text
        if let folder = ProcessInfo.processInfo.environment["HUTCH_CONTRACT_TEXT_DIR"], !folder.isEmpty {
            try? text.write(toFile: folder + "/\(mutation).txt", atomically: true, encoding: .utf8)
        }
        return text
    }

    /// Every difference of every failed check, for assertions.
    static func differences(_ report: ContractReport) -> [(check: String, path: String, ruby: String, swift: String)] {
        report.run.results.flatMap { result in
            result.checks.flatMap { check in check.differences.map { (check.name, $0.path, $0.ruby, $0.swift) } }
        }
    }
}
