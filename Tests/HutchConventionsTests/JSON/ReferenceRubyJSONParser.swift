@testable import HutchConventions

/// The JSON parser as it was before it read bytes in place (commit b5c9549), kept as the
/// oracle of `JSONParserDifferentialTests`: the current parser must give the same value or
/// the same error (kind, offset, expected, found) for every document. It is test code only,
/// and deliberately plain: every Float goes through `Double(String)` (what `strtod` gives,
/// as the fast path `ExactDecimal` must also give) and every non-ASCII string is checked
/// with Ruby's UTF-8 rules byte by byte (`RubyUTF8.characterLength`).
struct ReferenceRubyJSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    /// `JSON.parse`'s default `max_nesting`.
    static let maxNesting = 100
    /// Room reserved for an array's elements or an object's pairs: growing from empty
    /// reallocates at 1, 2, 4 and 8.
    static let initialCapacity = 8

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(RubyJSONError) -> JSONValue {
        try skipIgnored()
        guard position < bytes.count else { throw failure(expected: "a JSON value") }
        let value = try parseValue()
        try skipIgnored()
        guard position == bytes.count else { throw failure(expected: "end of input") }
        return value
    }

    // MARK: Errors

    private func failure(expected: String, at offset: Int? = nil) -> RubyJSONError {
        let at = offset ?? position
        return RubyJSONError(expected: expected, found: Self.describe(bytes, at: at), offset: at)
    }

    /// `'x' (0x78)`, `byte 0xFF`, `end of input`.
    static func describe(_ bytes: [UInt8], at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        let hex = String(byte, radix: 16, uppercase: true)
        let code = "0x" + (hex.count < 2 ? "0" + hex : hex)
        if byte >= 0x21, byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))' (\(code))"
        }
        switch byte {
        case 0x20: return "space (0x20)"
        case 0x09: return "tab (0x09)"
        case 0x0A: return "line feed (0x0A)"
        case 0x0D: return "carriage return (0x0D)"
        default: return "byte \(code)"
        }
    }

    // MARK: White space and comments

    @inline(__always)
    private mutating func skipIgnored() throws(RubyJSONError) {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D:
                position += 1
            case UInt8(ascii: "/"):
                try skipComment()
            default:
                return
            }
        }
    }

    private mutating func skipComment() throws(RubyJSONError) {
        let start = position
        guard position + 1 < bytes.count else {
            throw failure(expected: "'*' or '/' after '/' to start a comment", at: position + 1)
        }
        switch bytes[position + 1] {
        case UInt8(ascii: "*"):
            position += 2
            while true {
                guard position + 1 < bytes.count else {
                    throw RubyJSONError(
                        expected: "'*/' to close the comment opened at byte \(start)", found: "end of input",
                        offset: bytes.count)
                }
                if bytes[position] == UInt8(ascii: "*"), bytes[position + 1] == UInt8(ascii: "/") {
                    position += 2
                    return
                }
                position += 1
            }
        case UInt8(ascii: "/"):
            position += 2
            while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            // The json gem's `//` comment must end with a line feed.
            guard position < bytes.count else {
                throw RubyJSONError(
                    expected: "a line feed to end the '//' comment opened at byte \(start)",
                    found: "end of input", offset: bytes.count)
            }
            position += 1
        default:
            throw failure(expected: "'*' or '/' after '/' to start a comment", at: position + 1)
        }
    }

    // MARK: Values

    private mutating func parseValue() throws(RubyJSONError) -> JSONValue {
        guard position < bytes.count else { throw failure(expected: "a JSON value") }
        switch bytes[position] {
        case UInt8(ascii: "\""): return try parseString()
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        default: throw failure(expected: "a JSON value")
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(RubyJSONError) -> JSONValue {
        let matches = word.withUTF8Buffer { expected in
            bytes.count - position >= expected.count
                && expected.indices.allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw failure(expected: "'\(word)'", at: position) }
        position += word.utf8CodeUnitCount
        return value
    }

    private mutating func enterNesting() throws(RubyJSONError) {
        depth += 1
        if depth > Self.maxNesting {
            throw RubyJSONError(
                .nesting, expected: "at most \(Self.maxNesting) nested arrays and objects",
                found: "nesting of \(depth)", offset: position)
        }
    }

    private mutating func parseArray() throws(RubyJSONError) -> JSONValue {
        try enterNesting()
        position += 1
        var elements: [JSONValue] = []
        elements.reserveCapacity(Self.initialCapacity)
        try skipIgnored()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            try skipIgnored()
            guard position < bytes.count else { throw failure(expected: "',' or ']'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                try skipIgnored()
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw failure(expected: "',' or ']'")
            }
        }
    }

    private mutating func parseObject() throws(RubyJSONError) -> JSONValue {
        try enterNesting()
        position += 1
        var object = JSONObject(minimumCapacity: Self.initialCapacity)
        try skipIgnored()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(object)
        }
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw failure(expected: "a string key")
            }
            let key: String
            switch try parseString() {
            case .string(let text): key = text
            case .binaryString(let raw): key = String(decoding: raw, as: UTF8.self)
            default: key = ""
            }
            try skipIgnored()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw failure(expected: "':'")
            }
            position += 1
            try skipIgnored()
            object.updateValue(try parseValue(), forKey: key)
            try skipIgnored()
            guard position < bytes.count else { throw failure(expected: "',' or '}'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                try skipIgnored()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(object)
            default:
                throw failure(expected: "',' or '}'")
            }
        }
    }

    // MARK: Numbers

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func parseNumber() throws(RubyJSONError) -> JSONValue {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw failure(expected: "a digit after '-'")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw failure(expected: "no digit after a leading zero")
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        var isFloat = false
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            guard position + 1 < bytes.count, isDigit(bytes[position + 1]) else {
                throw failure(expected: "a digit after '.'", at: position + 1)
            }
            isFloat = true
            position += 1
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var look = position + 1
            if look < bytes.count, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            guard look < bytes.count, isDigit(bytes[look]) else {
                throw failure(expected: "a digit in the exponent", at: look)
            }
            isFloat = true
            position = look
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if isFloat {
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            // Swift's and Ruby's `strtod` both round correctly; out of range gives ±Infinity or ±0.0.
            guard let value = Double(text) else { throw failure(expected: "a number", at: start) }
            return .float(value)
        }
        guard let integer = JSONInteger(decimalBytes: bytes[start..<position]) else {
            throw failure(expected: "a number", at: start)
        }
        return .integer(integer)
    }

    // MARK: Strings

    @inline(__always)
    private func isHex(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }

    /// First the json gem's string grammar finds the closing quote (refusing raw
    /// control characters, a backslash before a control character and `\u` without four
    /// hex digits); then its unescaper turns the content into bytes.
    private mutating func parseString() throws(RubyJSONError) -> JSONValue {
        let open = position
        let contentStart = position + 1
        var index = contentStart
        var hasEscape = false
        // Every content byte OR-ed: below 0x80 means ASCII, valid UTF-8 without checking.
        var seen: UInt8 = 0
        while true {
            guard index < bytes.count else {
                throw RubyJSONError(
                    expected: "'\"' to close the string opened at byte \(open)", found: "end of input",
                    offset: index)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte >= 0x20, byte != UInt8(ascii: "\\") {
                seen |= byte
                index += 1
                continue
            }
            if byte < 0x20 {
                throw failure(expected: "a string character (control characters must be escaped)", at: index)
            }
            hasEscape = true
            guard index + 1 < bytes.count else {
                throw failure(expected: "an escaped character after '\\'", at: index + 1)
            }
            let escaped = bytes[index + 1]
            if escaped < 0x20 {
                throw failure(expected: "an escaped character after '\\' (not a control character)", at: index + 1)
            }
            if escaped == UInt8(ascii: "u") {
                for offset in 2..<6 {
                    guard index + offset < bytes.count, isHex(bytes[index + offset]) else {
                        throw failure(expected: "four hex digits after '\\u'", at: index + offset)
                    }
                }
                index += 6
            } else {
                index += 2
            }
        }
        position = index + 1
        if !hasEscape {
            if seen < 0x80 { return .string(String(decoding: bytes[contentStart..<index], as: UTF8.self)) }
            return Self.stringValue(bytes[contentStart..<index])
        }
        return Self.stringValue(try unescape(contentStart..<index)[...])
    }

    /// The json gem 2.6.1's `json_string_unescape`, quirks included: an unknown escape
    /// stands for the character itself; `\uD800`–`\uDBFF` combines with the *next*
    /// `\uXXXX` whatever it is (only its low ten bits count); a high surrogate with fewer
    /// than six bytes after it in the string is refused ("incomplete surrogate pair"); one
    /// followed by something other than `\u` becomes `?` and swallows the next byte; a
    /// lone low surrogate is written as its three (invalid UTF-8) bytes.
    private func unescape(_ range: Range<Int>) throws(RubyJSONError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        let end = range.upperBound
        var runStart = range.lowerBound
        var index = range.lowerBound
        while index < end {
            guard bytes[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            if runStart < index { out.append(contentsOf: bytes[runStart..<index]) }
            let escaped = bytes[index + 1]
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let escapeStart = index
                var scalar = readHex4(at: index + 2) ?? 0xFFFD
                index += 6
                if scalar & 0xFC00 == 0xD800 {
                    guard end - index >= 6 else {
                        throw RubyJSONError(
                            expected: "a '\\uXXXX' low surrogate after the high surrogate escape at byte \(escapeStart)",
                            found: end - index == 0 ? "the end of the string" : "only \(end - index) more byte(s) in the string",
                            offset: index)
                    }
                    if bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        let low = readHex4(at: index + 2) ?? 0
                        scalar = 0x10000 + ((scalar & 0x3FF) << 10) + (low & 0x3FF)
                        index += 6
                    } else {
                        out.append(UInt8(ascii: "?"))
                        index += 1
                        runStart = index
                        continue
                    }
                }
                Self.appendUTF8(scalar, to: &out)
                runStart = index
                continue
            default:
                // `\"`, `\\`, `\/` and any other byte: the byte itself.
                index += 1
                runStart = index
                index += 1
                continue
            }
            index += 2
            runStart = index
        }
        if runStart < end { out.append(contentsOf: bytes[runStart..<end]) }
        return out
    }

    /// A `String` when the bytes are valid UTF-8 as Ruby judges it, else a binary string.
    private static func stringValue(_ bytes: ArraySlice<UInt8>) -> JSONValue {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard let length = RubyUTF8.characterLength(bytes, at: index) else { return .binaryString(Array(bytes)) }
            index += length
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    private func readHex4(at offset: Int) -> UInt32? {
        guard bytes.count - offset >= 4 else { return nil }
        var value: UInt32 = 0
        for byte in bytes[offset..<offset + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// UTF-8 for a code point as the json gem's `convert_UTF32_to_UTF8` writes it
    /// (surrogate code points included, as three bytes).
    @inline(__always)
    static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (value >> 6)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (value >> 12)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (value >> 18)))
            out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        }
    }
}
