/// Hutch's consumer tags: `"<consumer_tag_prefix>-<uuid>"`.
package enum ConsumerTag {
    /// The tag Hutch's `Worker#unique_consumer_tag` builds from the configured prefix
    /// and `SecureRandom.uuid` (``SecureRandomUUID``).
    ///
    /// - Throws: ``TopologyFailure/consumerTagTooLong(tag:)`` when the tag is longer
    ///   than 255 bytes, which Hutch refuses with a `RuntimeError`.
    package static func make(prefix: String, uuid: String) throws(TopologyFailure) -> String {
        let tag = "\(prefix)-\(uuid)"
        guard tag.utf8.count <= 255 else { throw .consumerTagTooLong(tag: tag) }
        return tag
    }

    /// Whether `tag` has Hutch's shape for `prefix`: the prefix, `-`, then a lowercase
    /// RFC 4122 version-4 UUID (``SecureRandomUUID``).
    package static func matches(_ tag: String, prefix: String) -> Bool {
        let head = prefix + "-"
        return tag.hasPrefix(head) && SecureRandomUUID.matches(tag.dropFirst(head.count))
    }
}
