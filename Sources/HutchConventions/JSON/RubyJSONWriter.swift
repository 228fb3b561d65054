/// The json gem's generator (2.6.1, default state) as `MultiJson.dump` calls it for Hutch.
///
/// Compact output; object keys in insertion order; strings escaped as Ruby does:
/// `"` and `\` with a backslash, the control characters U+0000–U+001F as `\b \t \n
/// \f \r` or `\u00xx` (lowercase hex), and nothing else — `/`, `<`, `>`, `&`, DEL,
/// U+2028, U+2029 and all non-ASCII text are written as raw UTF-8. Floats use
/// ``RubyFloatFormat``; NaN and ±Infinity raise as `JSON::GeneratorError` does,
/// and so does a string that is not valid UTF-8. More than 100 nested arrays and
/// objects raise `JSON::NestingError`.
struct RubyJSONWriter {
    private(set) var output: [UInt8] = []
    /// `JSON.generate`'s default `max_nesting`.
    static let maxNesting = 100

    init(capacity: Int = 256) { output.reserveCapacity(capacity) }

    mutating func write(_ value: JSONValue, depth: Int) throws(RubyJSONError) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let integer): integer.appendDecimal(to: &output)
        case .float(let number):
            guard number.isFinite else {
                throw RubyJSONError(.generate, "\(RubyFloatFormat.string(number)) not allowed in JSON")
            }
            RubyFloatFormat.append(number, to: &output)
        case .string(let text): writeString(text)
        case .binaryString(let raw):
            throw RubyJSONError(
                .generate,
                "source sequence is illegal/malformed utf-8 (a string of \(raw.count) bytes that is not valid UTF-8)")
        case .array(let elements):
            try checkNesting(depth + 1)
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                try write(element, depth: depth + 1)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            try checkNesting(depth + 1)
            output.append(UInt8(ascii: "{"))
            var first = true
            for pair in object.pairs {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                writeString(pair.key)
                output.append(UInt8(ascii: ":"))
                try write(pair.value, depth: depth + 1)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private func checkNesting(_ depth: Int) throws(RubyJSONError) {
        if depth > Self.maxNesting {
            throw RubyJSONError(.nesting, "nesting of \(depth) is too deep (the limit is \(Self.maxNesting))")
        }
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether a byte needs an escape: `"`, `\` and the C0 controls.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func writeString(_ text: String) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Most strings need no escape: one copy of all their bytes.
            guard utf8.contains(where: Self.needsEscape) else {
                output.append(contentsOf: utf8)
                return
            }
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                if !Self.needsEscape(byte) {
                    index += 1
                    continue
                }
                if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x08: append("\\b")
                case 0x09: append("\\t")
                case 0x0A: append("\\n")
                case 0x0C: append("\\f")
                case 0x0D: append("\\r")
                default:
                    append("\\u00")
                    output.append(Self.hexDigits[Int(byte >> 4)])
                    output.append(Self.hexDigits[Int(byte & 0x0F)])
                }
                index += 1
                runStart = index
            }
            if runStart < count { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
        }
        output.append(UInt8(ascii: "\""))
    }
}
