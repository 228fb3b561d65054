/// Lowercase hex for error messages.
enum Hex {
    /// `bytes` as lowercase hex digits, two a byte.
    static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }
}
