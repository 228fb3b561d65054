import HutchConventions

/// Shape checks for the fields a recording cannot fix: ids, clocks and tags.
enum NondeterministicShape {
    /// A lowercase RFC 4122 version-4 UUID: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`.
    static func isUUIDv4(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 8, 13, 18, 23:
                if byte != UInt8(ascii: "-") { return false }
            case 14:
                if byte != UInt8(ascii: "4") { return false }
            case 19:
                if !"89ab".utf8.contains(byte) { return false }
            default:
                if !"0123456789abcdef".utf8.contains(byte) { return false }
            }
        }
        return true
    }

    /// Hutch's consumer tag: the prefix, `-`, a UUID v4.
    static func isConsumerTag(_ tag: String, prefix: String) -> Bool {
        guard tag.hasPrefix(prefix + "-") else { return false }
        return isUUIDv4(String(tag.dropFirst(prefix.count + 1)))
    }

    /// A timestamp within `tolerance` seconds of `clock`.
    static func isNear(_ timestamp: UInt64, _ clock: Double, tolerance: Double) -> Bool {
        Swift.abs(Double(timestamp) - clock) <= tolerance
    }
}
