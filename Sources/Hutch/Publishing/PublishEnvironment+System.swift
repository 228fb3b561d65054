import HutchConventions

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension PublishEnvironment {
    /// The real clock (`Time.now.to_i`) and random version-4 UUIDs (`SecureRandom.uuid`),
    /// as a Ruby publisher uses.
    public static let system = PublishEnvironment(
        now: { Int64(Date().timeIntervalSince1970.rounded(.down)) }, nextMessageID: { SecureRandomUUID.make() })
}
