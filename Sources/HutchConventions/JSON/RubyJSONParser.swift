/// Ruby's `JSON.parse` (json gem 2.6, default options) over raw bytes.
///
/// What it mirrors: any value at the top level; `/* */` and `//` comments count as
/// white space; integers of any size stay integers, a fraction or exponent makes a
/// Float (`1e400` is `Infinity`); `NaN`, `Infinity`, leading zeros, `1.`, trailing
/// commas and raw control characters in strings are refused; unknown escapes stand
/// for the character itself (`"\x"` is `"x"`); a lone surrogate escape is refused;
/// raw bytes that are not valid UTF-8 are kept (``JSONValue/binaryString(_:)``); a
/// repeated object key keeps its first position and last value; nesting deeper than
/// 100 is refused.
struct RubyJSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    static let maxNesting = 100

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(RubyJSONError) -> JSONValue {
        try skipIgnored()
        guard position < bytes.count else { throw unexpected() }
        let value = try parseValue()
        try skipIgnored()
        guard position == bytes.count else { throw unexpected() }
        return value
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Ruby's message: the text from the failing position on, as `unexpected token at '…'`.
    private func unexpected(at offset: Int? = nil) -> RubyJSONError {
        let start = offset ?? position
        let tail = bytes[min(start, bytes.count)...].prefix(32)
        let excerpt = String(decoding: tail, as: UTF8.self)
        return RubyJSONError(.parse, "unexpected token at '\(excerpt)'", offset: start)
    }

    private mutating func skipIgnored() throws(RubyJSONError) {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                position += 1
            case UInt8(ascii: "/"):
                let start = position
                guard position + 1 < bytes.count else { throw unexpected(at: start) }
                if bytes[position + 1] == UInt8(ascii: "*") {
                    position += 2
                    while position + 1 < bytes.count, !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/")) {
                        position += 1
                    }
                    guard position + 1 < bytes.count else { throw unexpected(at: start) }
                    position += 2
                } else if bytes[position + 1] == UInt8(ascii: "/") {
                    while let b = current, b != 0x0A { position += 1 }
                } else {
                    throw unexpected(at: start)
                }
            default:
                return
            }
        }
    }

    private mutating func parseValue() throws(RubyJSONError) -> JSONValue {
        guard let byte = current else { throw unexpected() }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return try parseString()
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected()
        }
    }

    private mutating func parseLiteral(_ word: String, _ value: JSONValue) throws(RubyJSONError) -> JSONValue {
        let utf8 = Array(word.utf8)
        guard bytes.count - position >= utf8.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw unexpected()
        }
        position += utf8.count
        return value
    }

    private mutating func enterNesting() throws(RubyJSONError) {
        depth += 1
        if depth > Self.maxNesting {
            throw RubyJSONError(.nesting, "nesting of \(depth) is too deep", offset: position)
        }
    }

    private mutating func parseArray() throws(RubyJSONError) -> JSONValue {
        try enterNesting()
        defer { depth -= 1 }
        position += 1
        var elements: [JSONValue] = []
        try skipIgnored()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            try skipIgnored()
            elements.append(try parseValue())
            try skipIgnored()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: throw unexpected()
            }
        }
    }

    private mutating func parseObject() throws(RubyJSONError) -> JSONValue {
        try enterNesting()
        defer { depth -= 1 }
        position += 1
        var object = JSONObject()
        try skipIgnored()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            try skipIgnored()
            guard current == UInt8(ascii: "\"") else { throw unexpected() }
            let key: String
            switch try parseString() {
            case .string(let text): key = text
            case .binaryString(let raw): key = String(decoding: raw, as: UTF8.self)
            default: throw unexpected()
            }
            try skipIgnored()
            guard current == UInt8(ascii: ":") else { throw unexpected() }
            position += 1
            try skipIgnored()
            object[key] = try parseValue()
            try skipIgnored()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(object)
            default: throw unexpected()
            }
        }
    }

    private mutating func parseNumber() throws(RubyJSONError) -> JSONValue {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, isDigit(first) else { throw unexpected(at: start) }
        position += 1
        if first == UInt8(ascii: "0"), let next = current, isDigit(next) { throw unexpected(at: start) }
        while let b = current, isDigit(b) { position += 1 }
        var isFloat = false
        if current == UInt8(ascii: ".") {
            guard position + 1 < bytes.count, isDigit(bytes[position + 1]) else { throw unexpected() }
            isFloat = true
            position += 1
            while let b = current, isDigit(b) { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            var look = position + 1
            if look < bytes.count, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            guard look < bytes.count, isDigit(bytes[look]) else { throw unexpected() }
            isFloat = true
            position = look
            while let b = current, isDigit(b) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isFloat {
            guard let value = Double(text) else { throw unexpected(at: start) }
            return .float(value)
        }
        guard let integer = JSONInteger(decimal: text) else { throw unexpected(at: start) }
        return .integer(integer)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func parseString() throws(RubyJSONError) -> JSONValue {
        let start = position
        position += 1
        var out: [UInt8] = []
        while true {
            guard let byte = current else { throw unexpected(at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                if let text = String(validating: out, as: UTF8.self) { return .string(text) }
                return .binaryString(out)
            case 0x00..<0x20:
                throw unexpected(at: start)
            case UInt8(ascii: "\\"):
                position += 1
                guard let escaped = current else { throw unexpected(at: start) }
                position += 1
                switch escaped {
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &out, stringStart: start)
                case 0x00..<0x20: throw unexpected(at: start)
                default: out.append(escaped)
                }
            default:
                out.append(byte)
                position += 1
            }
        }
    }

    private mutating func readHex4() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for byte in bytes[position..<position + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }

    private mutating func appendUnicodeEscape(to out: inout [UInt8], stringStart: Int) throws(RubyJSONError) {
        let escapeStart = position - 2
        guard let unit = readHex4() else { throw unexpected(at: stringStart) }
        var scalarValue = unit
        if (0xD800...0xDBFF).contains(unit) {
            guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw incompleteSurrogate(at: escapeStart)
            }
            position += 2
            guard let low = readHex4(), (0xDC00...0xDFFF).contains(low) else { throw incompleteSurrogate(at: escapeStart) }
            scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw incompleteSurrogate(at: escapeStart)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw incompleteSurrogate(at: escapeStart) }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    private func incompleteSurrogate(at offset: Int) -> RubyJSONError {
        let excerpt = String(decoding: bytes[offset...].prefix(32), as: UTF8.self)
        return RubyJSONError(.parse, "incomplete surrogate pair at '\(excerpt)'", offset: offset)
    }
}
