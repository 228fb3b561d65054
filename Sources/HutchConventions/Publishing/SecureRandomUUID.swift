/// Ruby's `SecureRandom.uuid`: the lowercase RFC 4122 version-4 UUIDs Hutch uses for
/// its message ids and, after the prefix, its consumer tags
/// (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
public enum SecureRandomUUID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A fresh UUID of that shape, from the system's random source.
    @Sendable public static func make() -> String {
        // Two 64-bit draws (two reads of the system's random source, not sixteen).
        var generator = SystemRandomNumberGenerator()
        let high: UInt64 = generator.next()
        let low: UInt64 = generator.next()
        var bytes = (0..<16).map { index in UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (UInt64(index % 8) * 8)) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` has that shape: 36 characters, lowercase hex, dashes at 8, 13, 18
    /// and 23, version `4` and variant `8`, `9`, `a` or `b`.
    public static func matches(_ text: some StringProtocol) -> Bool {
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
