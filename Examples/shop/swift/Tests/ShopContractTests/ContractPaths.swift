import Foundation

/// The example's recorded contracts, read from the source tree.
enum ContractPaths {
    /// `Examples/shop`.
    static let shop: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The contract recorded from the shop's Ruby app with the real gems.
    static let recorded = shop + "/contract/recorded"

    /// A Ruby-side mutation's golden recording (`renamed-field`, …).
    static func mutation(_ name: String) -> String { shop + "/contract-mutations/\(name)/recorded" }
}
