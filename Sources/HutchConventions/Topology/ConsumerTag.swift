#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Hutch's consumer tags: `"<consumer_tag_prefix>-<uuid>"`.
public enum ConsumerTag {
    /// The tag Hutch's `Worker#unique_consumer_tag` builds from the configured prefix
    /// and `SecureRandom.uuid` (a lowercase version-4 UUID).
    ///
    /// - Throws: ``TopologyFailure/consumerTagTooLong(tag:)`` when the tag is longer
    ///   than 255 bytes, which Hutch refuses with a `RuntimeError`.
    public static func make(prefix: String, uuid: String) throws(TopologyFailure) -> String {
        let tag = "\(prefix)-\(uuid)"
        guard tag.utf8.count <= 255 else { throw .consumerTagTooLong(tag: tag) }
        return tag
    }

    /// A fresh lowercase version-4 UUID, as `SecureRandom.uuid` returns.
    @Sendable public static func randomUUID() -> String {
        UUID().uuidString.lowercased()
    }

    /// Whether `tag` has Hutch's shape for `prefix`: the prefix, `-`, then a lowercase
    /// RFC 4122 version-4 UUID.
    public static func matches(_ tag: String, prefix: String) -> Bool {
        let head = prefix + "-"
        guard tag.hasPrefix(head) else { return false }
        let uuid = Array(tag.utf8.dropFirst(head.utf8.count))
        guard uuid.count == 36 else { return false }
        for (index, byte) in uuid.enumerated() {
            switch index {
            case 8, 13, 18, 23: if byte != UInt8(ascii: "-") { return false }
            case 14: if byte != UInt8(ascii: "4") { return false }
            case 19: if !"89ab".utf8.contains(byte) { return false }
            default: if !"0123456789abcdef".utf8.contains(byte) { return false }
            }
        }
        return true
    }
}
