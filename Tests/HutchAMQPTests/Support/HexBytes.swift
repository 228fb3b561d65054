/// Hex text (spaces allowed) to bytes and back, for writing expected payloads by hand.
enum HexBytes {
    /// The bytes of hex digits; spaces and newlines are ignored. An odd digit count or a
    /// non-hex character gives `nil`.
    static func decode(_ text: String) -> [UInt8]? {
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Lowercase hex digits of `bytes`.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// A short string's wire form as hex: length octet and UTF-8 bytes.
    static func shortString(_ text: String) -> String {
        let bytes = Array(text.utf8)
        return encode([UInt8(bytes.count)] + bytes)
    }
}
