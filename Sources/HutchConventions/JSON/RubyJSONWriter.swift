/// The json gem's generator (2.6, default state) as MultiJson calls it for Hutch.
///
/// Compact output; object keys in insertion order; strings escaped as Ruby does:
/// `"` and `\` with a backslash, the control characters U+0000–U+001F as `\b \t \n
/// \f \r` or `\u00xx` (lowercase hex), and nothing else — `/`, `<`, `>`, `&`, DEL,
/// U+2028, U+2029 and all non-ASCII text are written as raw UTF-8. Floats use
/// ``RubyFloatFormat``; NaN and ±Infinity raise as `JSON::GeneratorError` does,
/// and so does a string that is not valid UTF-8.
struct RubyJSONWriter {
    private(set) var output: [UInt8] = []
    static let maxNesting = 100

    mutating func write(_ value: JSONValue, depth: Int) throws(RubyJSONError) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let integer): append(integer.description)
        case .float(let number):
            guard number.isFinite else {
                throw RubyJSONError(.generate, "\(RubyFloatFormat.string(number)) not allowed in JSON")
            }
            append(RubyFloatFormat.string(number))
        case .string(let text): writeString(text)
        case .binaryString:
            throw RubyJSONError(.generate, "source sequence is illegal/malformed utf-8")
        case .array(let elements):
            try checkNesting(depth + 1)
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(element, depth: depth + 1)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            try checkNesting(depth + 1)
            output.append(UInt8(ascii: "{"))
            for (index, pair) in object.pairs.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(pair.key)
                output.append(UInt8(ascii: ":"))
                try write(pair.value, depth: depth + 1)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private func checkNesting(_ depth: Int) throws(RubyJSONError) {
        if depth > Self.maxNesting {
            throw RubyJSONError(.nesting, "nesting of \(depth) is too deep")
        }
    }

    private mutating func append(_ text: String) { output.append(contentsOf: text.utf8) }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ text: String) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x08: append("\\b")
            case 0x09: append("\\t")
            case 0x0A: append("\\n")
            case 0x0C: append("\\f")
            case 0x0D: append("\\r")
            case 0x00..<0x20:
                append("\\u00")
                output.append(Self.hexDigits[Int(byte >> 4)])
                output.append(Self.hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
