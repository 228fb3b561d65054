/// Ruby's `SecureRandom.uuid`: the lowercase RFC 4122 version-4 UUIDs Hutch uses for
/// its message ids and, after the prefix, its consumer tags
/// (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
public enum SecureRandomUUID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A fresh UUID of that shape: 122 random bits from the system's cryptographically
    /// secure random source, taken in blocks (``SystemRandomBlock``: one system call per
    /// 16 ids, not two per id), the other 6 the version and variant.
    @Sendable public static func make() -> String {
        let (high, low) = SystemRandomBlock.shared.next128()
        // The 36 characters written straight into the string's storage: no byte arrays.
        return String(unsafeUninitializedCapacity: 36) { text in
            var count = 0
            for index in 0..<16 {
                var byte = UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (UInt64(index % 8) * 8))
                if index == 6 { byte = byte & 0x0F | 0x40 }
                if index == 8 { byte = byte & 0x3F | 0x80 }
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[count] = UInt8(ascii: "-")
                    count += 1
                }
                text[count] = hexDigit(byte >> 4)
                text[count + 1] = hexDigit(byte & 0x0F)
                count += 2
            }
            return count
        }
    }

    /// The lowercase hex digit for a value 0…15.
    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }

    /// Whether `text` has that shape: 36 characters, lowercase hex, dashes at 8, 13, 18
    /// and 23, version `4` and variant `8`, `9`, `a` or `b`.
    package static func matches(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 8, 13, 18, 23: if byte != UInt8(ascii: "-") { return false }
            case 14: if byte != UInt8(ascii: "4") { return false }
            case 19: if !"89ab".utf8.contains(byte) { return false }
            default: if !hexDigits.contains(byte) { return false }
            }
        }
        return true
    }
}
