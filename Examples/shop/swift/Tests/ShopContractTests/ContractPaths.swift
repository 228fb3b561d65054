import Foundation

/// The example's recorded contracts, read from the source tree.
enum ContractPaths {
    /// `Examples/shop`.
    static let shop: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The contract recorded from the shop's Ruby app with the real gems.
    static let recorded = shop + "/contract/recorded"

    /// The contract the gate checks: `HUTCH_CONTRACT_CORPUS` (set by
    /// `scripts/contract-gate.sh`, e.g. to a fresh recording), else the committed one.
    static var underTest: String {
        let given = ProcessInfo.processInfo.environment["HUTCH_CONTRACT_CORPUS"] ?? ""
        return given.isEmpty ? recorded : given
    }

    /// A Ruby-side mutation's golden recording (`renamed-field`, …).
    static func mutation(_ name: String) -> String { shop + "/contract-mutations/\(name)/recorded" }
}
