/// UTF-8 validity as Ruby's UTF-8 encoding judges it (`String#valid_encoding?`,
/// and character boundaries in `String#inspect`): strict UTF-8 — no overlong forms,
/// no surrogates (`ED A0..BF`), nothing above U+10FFFF. Swift's own UTF-8 validation
/// (`String(validating:as:)`) follows the same rules.
package enum RubyUTF8 {
    /// The length of the valid character starting at `index`, or `nil` when the byte
    /// there does not start a complete, valid character.
    @inline(__always)
    static func characterLength<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Int) -> Int?
    where Bytes.Index == Int {
        let end = bytes.endIndex
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < end && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : nil
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : nil
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default:
            return nil
        }
    }

    /// The bytes as a `String` when they are valid UTF-8, `nil` otherwise: what
    /// `String(validating: bytes, as: UTF8.self)` gives, without the standard library's
    /// generic validation (about a thousand instructions for a short string, its metadata
    /// looked up on every call); the valid bytes are then taken as they are.
    package static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Whether the bytes are valid UTF-8, as Ruby judges it.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            guard let length = characterLength(bytes, at: index) else { return false }
            index += length
        }
        return true
    }

    /// Whether every byte is below 0x80.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var seen: UInt8 = 0
        for byte in bytes { seen |= byte }
        return seen < 0x80
    }
}
