/// Ruby's `SecureRandom.uuid`: the lowercase RFC 4122 version-4 UUIDs Hutch uses for
/// its message ids and, after the prefix, its consumer tags
/// (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
public enum SecureRandomUUID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A fresh UUID of that shape: 122 random bits from the system's cryptographically
    /// secure random source, taken in blocks (`SystemRandomBlock`: one system call per
    /// 16 ids, not two per id), the other 6 the version and variant.
    @Sendable public static func make() -> String {
        let (random, more) = SystemRandomBlock.shared.next128()
        // Byte 6 (bits 48–55 of the first word) takes the version 4, byte 8 (the low bits
        // of the second) the variant 10.
        let high = random & ~(0xF0 << 48) | (0x40 << 48)
        let low = more & ~0xC0 | 0x80
        // The 36 characters written straight into the string's storage: no byte arrays.
        return String(unsafeUninitializedCapacity: 36) { text in
            /// Writes byte `index` (0…15, little-endian within each word) as two digits at `position`.
            func write(_ index: Int, at position: Int) {
                let byte = UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (UInt64(index & 7) * 8))
                text[position] = hexDigit(byte >> 4)
                text[position + 1] = hexDigit(byte & 0x0F)
            }
            for index in 0..<4 { write(index, at: 2 * index) }
            text[8] = UInt8(ascii: "-")
            for index in 4..<6 { write(index, at: 2 * index + 1) }
            text[13] = UInt8(ascii: "-")
            for index in 6..<8 { write(index, at: 2 * index + 2) }
            text[18] = UInt8(ascii: "-")
            for index in 8..<10 { write(index, at: 2 * index + 3) }
            text[23] = UInt8(ascii: "-")
            for index in 10..<16 { write(index, at: 2 * index + 4) }
            return 36
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
