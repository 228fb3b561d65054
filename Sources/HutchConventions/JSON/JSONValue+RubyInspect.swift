/// Ruby's `inspect` of the value `JSON.parse` returns (Ruby 3.1, UTF-8 strings,
/// `Encoding.default_external` UTF-8).
///
/// `Hash#inspect` is `{"k"=>v, "k2"=>v2}` (`=>` without spaces, `, ` between
/// pairs), `Array#inspect` is `[1, nil, true]`, Floats print as `Float#to_s`
/// (`1.0e+20`, `NaN`), Integers in decimal, and Strings as `String#inspect` does:
/// `"` and `\` get a backslash, `#` too before `{`, `$` or `@`; `\n \r \t \f \v \b \a
/// \e` are named; other characters Ruby cannot print (C0 controls, DEL, U+2028…)
/// are `\u0000`-style (`\u{1F0000}` above U+FFFF, uppercase hex); printable non-ASCII
/// text stays as it is; and bytes that are not valid UTF-8 are `\xFF`, one byte at a
/// time. The conformance corpus records `body_inspect` in this form.
extension JSONValue {
    /// The text Ruby's `inspect` prints for this value.
    package var rubyInspect: String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        appendRubyInspect(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `String#inspect` of a Ruby String holding `bytes` (UTF-8 encoding, possibly invalid).
    package static func rubyInspect(stringBytes bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        appendInspectedString(Array(bytes)[...], to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `String#inspect` of a binary (`ASCII-8BIT`) Ruby String holding `bytes` — what
    /// bunny hands over as a payload, and the identity serializer's body: printable
    /// ASCII stays, the named escapes and `\"`, `\\`, `\#` are as for UTF-8 strings,
    /// and every other byte (non-ASCII ones included) is `\xHH`.
    package static func rubyInspect(binaryBytes bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for (index, byte) in bytes.enumerated() {
            let next = bytes.index(after: index)
            if let escape = namedEscape(UInt32(byte), beforeInterpolation: next < bytes.endIndex && startsInterpolation(bytes[next])) {
                output.append(contentsOf: escape.utf8)
            } else if (0x20...0x7E).contains(byte) {
                output.append(byte)
            } else {
                output.append(contentsOf: "\\x".utf8)
                appendHex(UInt32(byte), minimumDigits: 2, to: &output)
            }
        }
        output.append(UInt8(ascii: "\""))
        return String(decoding: output, as: UTF8.self)
    }

    private func appendRubyInspect(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "nil".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let integer): integer.appendDecimal(to: &output)
        case .float(let number): RubyFloatFormat.append(number, to: &output)
        case .string(let text): Self.appendInspectedString(Array(text.utf8)[...], to: &output)
        case .binaryString(let raw): Self.appendInspectedString(raw[...], to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                element.appendRubyInspect(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, pair) in object.pairs.enumerated() {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                Self.appendInspectedString(Array(pair.key.utf8)[...], to: &output)
                output.append(contentsOf: "=>".utf8)
                pair.value.appendRubyInspect(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The escapes `String#inspect` writes by name (`\\n`, `\\e`, `\\"`, …), the same for
    /// UTF-8 and binary strings; `#` is escaped only before `$`, `@` or `{`, where it would
    /// start an interpolation.
    private static func namedEscape(_ value: UInt32, beforeInterpolation: Bool) -> String? {
        switch value {
        case 0x22: "\\\""
        case 0x5C: "\\\\"
        case 0x23: beforeInterpolation ? "\\#" : "#"
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        case 0x0C: "\\f"
        case 0x0B: "\\v"
        case 0x08: "\\b"
        case 0x07: "\\a"
        case 0x1B: "\\e"
        default: nil
        }
    }

    /// Whether `byte` after a `#` would start an interpolation (`#$`, `#@`, `#{`).
    private static func startsInterpolation(_ byte: UInt8) -> Bool { byte == 0x24 || byte == 0x40 || byte == 0x7B }

    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func appendHex(_ value: UInt32, minimumDigits: Int, to output: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(upperHex[Int(rest & 0xF)])
            rest >>= 4
        } while rest > 0
        while digits.count < minimumDigits { digits.append(UInt8(ascii: "0")) }
        output.append(contentsOf: digits.reversed())
    }

    /// `rb_str_inspect` for a UTF-8 string.
    static func appendInspectedString(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            guard let length = RubyUTF8.characterLength(bytes, at: index) else {
                output.append(contentsOf: "\\x".utf8)
                appendHex(UInt32(byte), minimumDigits: 2, to: &output)
                index += 1
                continue
            }
            let scalar = decodeScalar(bytes, at: index, length: length)
            let next = index + length
            if let escape = namedEscape(scalar, beforeInterpolation: next < end && startsInterpolation(bytes[next])) {
                output.append(contentsOf: escape.utf8)
            } else if RubyPrintableScalars.contains(scalar) {
                output.append(contentsOf: bytes[index..<next])
            } else if scalar < 0x10000 {
                output.append(contentsOf: "\\u".utf8)
                appendHex(scalar, minimumDigits: 4, to: &output)
            } else {
                output.append(contentsOf: "\\u{".utf8)
                appendHex(scalar, minimumDigits: 1, to: &output)
                output.append(UInt8(ascii: "}"))
            }
            index = next
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func decodeScalar(_ bytes: ArraySlice<UInt8>, at index: Int, length: Int) -> UInt32 {
        let lead = UInt32(bytes[index])
        switch length {
        case 1: return lead
        case 2: return (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case 3:
            return (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        default:
            return (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
        }
    }
}
