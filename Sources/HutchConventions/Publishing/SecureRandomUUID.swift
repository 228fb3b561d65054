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
        return text(high: random & ~(0xF0 << 48) | (0x40 << 48), low: more & ~0xC0 | 0x80)
    }

    /// The id of 16 bytes, bytes 0–7 the bytes of `high` and 8–15 those of `low`, lowest
    /// first: each byte as two lowercase hex digits, dashes after bytes 3, 5, 7 and 9.
    ///
    /// The 36 characters are written straight into the string's storage, eight digits
    /// (four bytes, ``hexDigitWord(of:)``) per store.
    static func text(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            let text = UnsafeMutableRawBufferPointer(buffer)
            let second = hexDigitWord(of: UInt32(truncatingIfNeeded: high >> 32))
            let third = hexDigitWord(of: UInt32(truncatingIfNeeded: low))
            text.storeBytes(of: hexDigitWord(of: UInt32(truncatingIfNeeded: high)).littleEndian, toByteOffset: 0, as: UInt64.self)
            text[8] = UInt8(ascii: "-")
            text.storeBytes(of: UInt32(truncatingIfNeeded: second).littleEndian, toByteOffset: 9, as: UInt32.self)
            text[13] = UInt8(ascii: "-")
            text.storeBytes(of: UInt32(truncatingIfNeeded: second >> 32).littleEndian, toByteOffset: 14, as: UInt32.self)
            text[18] = UInt8(ascii: "-")
            text.storeBytes(of: UInt32(truncatingIfNeeded: third).littleEndian, toByteOffset: 19, as: UInt32.self)
            text[23] = UInt8(ascii: "-")
            text.storeBytes(of: UInt32(truncatingIfNeeded: third >> 32).littleEndian, toByteOffset: 24, as: UInt32.self)
            text.storeBytes(of: hexDigitWord(of: UInt32(truncatingIfNeeded: low >> 32)).littleEndian, toByteOffset: 28, as: UInt64.self)
            return 36
        }
    }

    /// The eight lowercase hex digits of the four bytes of `bytes` (lowest byte first, its
    /// high digit first) as the bytes of a word, first digit lowest: each byte spread to a
    /// 16-bit lane, its two nibbles put in the lane's two bytes, and every nibble turned
    /// into its digit at once (`0` + n, plus 39 more — `a` − `0` − 10 — where n ≥ 10,
    /// which is where n + 0x76 reaches 0x80; no lane carries into the next).
    static func hexDigitWord(of bytes: UInt32) -> UInt64 {
        var spread = UInt64(bytes)
        spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF
        let nibbles = (spread >> 4) & 0x000F_000F_000F_000F | (spread & 0x000F_000F_000F_000F) << 8
        let letters = ((nibbles &+ 0x7676_7676_7676_7676) >> 7) & 0x0101_0101_0101_0101
        return nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 39
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
