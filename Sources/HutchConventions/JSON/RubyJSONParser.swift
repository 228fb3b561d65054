/// Ruby's `JSON.parse` (json gem 2.6.1, default options, as MultiJson calls it) over
/// raw bytes — checked entry by entry against Ruby in `RubyJSONParseTests`.
///
/// What it mirrors: any value at the top level; white space is only space, tab, CR
/// and LF (not `\f`, `\v`, NBSP or a BOM); `/* */` comments and `//` comments *ended
/// by a line feed* count as white space anywhere white space may be; integers of any
/// size stay Integers, a fraction or exponent makes a Float (`1e400` is `Infinity`,
/// `-0.0` keeps its sign, `-0` is the Integer 0); `NaN`, `Infinity`, leading zeros,
/// `1.`, `.5`, trailing commas, raw control characters in strings and a backslash
/// before one are refused; an unknown escape stands for the character itself (`"\x"`
/// is `"x"`); `\u` needs four hex digits; surrogate escapes follow the gem's quirks
/// (see `unescape`); raw bytes that are not valid UTF-8 are kept inside strings
/// (``JSONValue/binaryString(_:)``) and refused outside them; a repeated object key
/// keeps its first position and its last value; nesting deeper than 100 is refused
/// with `JSON::NestingError`.
///
/// Not mirrored: a Hash key that is not valid UTF-8 becomes a Swift `String` with
/// U+FFFD in place of the bad bytes, and keys are compared as Swift strings, so two
/// spellings Swift finds equal (`"é"` composed and decomposed, the Kelvin sign and `"K"`)
/// are one key (``JSONObject`` keys are Swift strings).
///
/// It reads the caller's bytes in place (no copy of the body): strings are made straight
/// from their bytes once checked (``CheckedString``, ``RubyUTF8``), integers and floats are computed while their digits are scanned, and only a string
/// with escapes goes through a buffer (one per parse, reused). An object's pairs are
/// gathered in an array and a repeated key is looked for only among keys whose print
/// (``ObjectKeyPrint``) allows it, until the object is big enough for ``JSONObject``'s index.
struct RubyJSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let end: Int
    private var position = 0
    private var depth = 0
    /// The unescaped bytes of the current string with escapes; reused from one to the next.
    private var unescaped: [UInt8] = []
    /// The ``ObjectKeyPrint`` of each key gathered by the objects being read, innermost
    /// last: the first `keyPrintCount` of `keyPrints` (room on the stack, one per parse).
    private let keyPrints: UnsafeMutableBufferPointer<UInt64>
    private var keyPrintCount = 0
    /// `JSON.parse`'s default `max_nesting`.
    static let maxNesting = 100
    /// Room reserved for an array's elements or an object's pairs: growing from empty
    /// reallocates at 1, 2, 4 and 8.
    static let initialCapacity = 8
    /// Room for key prints: 1 KiB, which is always allocated on the stack. An object that
    /// finds no room left (more than eight nested objects of 16 keys) is built in a
    /// ``JSONObject`` from its first key.
    static let keyPrintCapacity = 128

    private init(_ bytes: UnsafeBufferPointer<UInt8>, keyPrints: UnsafeMutableBufferPointer<UInt64>) {
        self.bytes = bytes
        self.end = bytes.count
        self.keyPrints = keyPrints
    }

    /// The value of the document in `bytes`, or the error Ruby would raise for it.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(RubyJSONError) -> JSONValue {
        try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: keyPrintCapacity) {
            keyPrints throws(RubyJSONError) -> JSONValue in
            var parser = RubyJSONParser(bytes, keyPrints: keyPrints)
            return try parser.parseDocument()
        }
    }

    private mutating func parseDocument() throws(RubyJSONError) -> JSONValue {
        try skipIgnored()
        guard position < end else { throw failure(expected: "a JSON value") }
        let value = try parseValue()
        try skipIgnored()
        guard position == end else { throw failure(expected: "end of input") }
        return value
    }

    // MARK: Errors

    private func failure(expected: String, at offset: Int? = nil) -> RubyJSONError {
        let at = offset ?? position
        return RubyJSONError(expected: expected, found: Self.describe(bytes, at: at), offset: at)
    }

    /// `'x' (0x78)`, `byte 0xFF`, `end of input`.
    static func describe(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
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
        while position < end {
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
        guard position + 1 < end else {
            throw failure(expected: "'*' or '/' after '/' to start a comment", at: position + 1)
        }
        switch bytes[position + 1] {
        case UInt8(ascii: "*"):
            position += 2
            while true {
                guard position + 1 < end else {
                    throw RubyJSONError(
                        expected: "'*/' to close the comment opened at byte \(start)", found: "end of input",
                        offset: end)
                }
                if bytes[position] == UInt8(ascii: "*"), bytes[position + 1] == UInt8(ascii: "/") {
                    position += 2
                    return
                }
                position += 1
            }
        case UInt8(ascii: "/"):
            position += 2
            while position < end, bytes[position] != 0x0A { position += 1 }
            // The json gem's `//` comment must end with a line feed.
            guard position < end else {
                throw RubyJSONError(
                    expected: "a line feed to end the '//' comment opened at byte \(start)",
                    found: "end of input", offset: end)
            }
            position += 1
        default:
            throw failure(expected: "'*' or '/' after '/' to start a comment", at: position + 1)
        }
    }

    // MARK: Values

    @inline(__always)
    private mutating func parseValue() throws(RubyJSONError) -> JSONValue {
        guard position < end else { throw failure(expected: "a JSON value") }
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

    @inline(__always)
    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(RubyJSONError) -> JSONValue {
        let length = word.utf8CodeUnitCount
        guard end - position >= length else { throw failure(expected: "'\(word)'", at: position) }
        let expected = word.utf8Start
        for offset in 0..<length where bytes[position + offset] != expected[offset] {
            throw failure(expected: "'\(word)'", at: position)
        }
        position += length
        return value
    }

    @inline(__always)
    private mutating func enterNesting() throws(RubyJSONError) {
        depth += 1
        if depth > Self.maxNesting { throw nestingFailure() }
    }

    private func nestingFailure() -> RubyJSONError {
        RubyJSONError(
            .nesting, expected: "at most \(Self.maxNesting) nested arrays and objects",
            found: "nesting of \(depth)", offset: position)
    }

    private mutating func parseArray() throws(RubyJSONError) -> JSONValue {
        try enterNesting()
        position += 1
        var elements: [JSONValue] = []
        elements.reserveCapacity(Self.initialCapacity)
        try skipIgnored()
        if position < end, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            try skipIgnored()
            guard position < end else { throw failure(expected: "',' or ']'") }
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

    /// An object, its pairs joined as `Hash#[]=` joins them (a repeated key keeps its first
    /// position and takes the last value). Up to ``JSONObject/indexThreshold`` pairs are
    /// gathered in a plain array, a new key compared only with the keys whose print
    /// (``ObjectKeyPrint``) says they may be equal; past that (or when there is no room
    /// left for prints) the pairs move into a ``JSONObject``, which finds repeats itself
    /// (through its key index once it is big).
    private mutating func parseObject() throws(RubyJSONError) -> JSONValue {
        try enterNesting()
        position += 1
        try skipIgnored()
        if position < end, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        var pairs: [(key: String, value: JSONValue)] = []
        pairs.reserveCapacity(Self.initialCapacity)
        // The prints of `pairs`' keys are `keyPrints[printsStart..<keyPrintCount]`.
        let printsStart = keyPrintCount
        // The object once the pairs are handed over.
        var handedOver: JSONObject?
        while true {
            guard position < end, bytes[position] == UInt8(ascii: "\"") else {
                throw failure(expected: "a string key")
            }
            let (key, print) = try parseKey()
            try skipIgnored()
            guard position < end, bytes[position] == UInt8(ascii: ":") else {
                throw failure(expected: "':'")
            }
            position += 1
            try skipIgnored()
            let value = try parseValue()
            if handedOver != nil {
                handedOver!.updateValue(value, forKey: key)
            } else if let repeated = repeatedKeyOffset(of: key, print: print, in: pairs, printsStart: printsStart) {
                pairs[repeated].value = value
            } else if pairs.count < JSONObject.indexThreshold, keyPrintCount < keyPrints.count {
                pairs.append((key, value))
                keyPrints[keyPrintCount] = print
                keyPrintCount += 1
            } else {
                pairs.append((key, value))
                handedOver = JSONObject(uniqueKeyPairs: pairs)
                pairs = []
            }
            try skipIgnored()
            guard position < end else { throw failure(expected: "',' or '}'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                try skipIgnored()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                keyPrintCount = printsStart
                return .object(handedOver ?? JSONObject(uniqueKeyPairs: pairs))
            default:
                throw failure(expected: "',' or '}'")
            }
        }
    }

    /// Where `key` already is in `pairs`, or `nil`: `String` equality, as ``JSONObject``
    /// judges keys, tried only where the prints allow it.
    @inline(__always)
    private func repeatedKeyOffset(
        of key: String, print: UInt64, in pairs: [(key: String, value: JSONValue)], printsStart: Int
    ) -> Int? {
        let prints = UnsafeBufferPointer(rebasing: keyPrints[printsStart..<keyPrintCount])
        for offset in prints.indices where ObjectKeyPrint.mayBeEqual(prints[offset], print) && pairs[offset].key == key {
            return offset
        }
        return nil
    }

    // MARK: Numbers

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func parseNumber() throws(RubyJSONError) -> JSONValue {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        guard position < end, isDigit(bytes[position]) else {
            throw failure(expected: "a digit after '-'")
        }
        let integralStart = position
        // The value of the digits read so far, integral and fraction, leading zeros left
        // out; exact while there are at most 19 `significantDigits` (18 for an integer,
        // negated or not).
        var significand: UInt64 = 0
        var significantDigits = 0
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < end, isDigit(bytes[position]) {
                throw failure(expected: "no digit after a leading zero")
            }
        } else {
            while position < end, isDigit(bytes[position]) {
                significand = significand &* 10 &+ UInt64(bytes[position] &- UInt8(ascii: "0"))
                position += 1
            }
            significantDigits = position - integralStart
        }
        let integralDigits = position - integralStart
        var isFloat = false
        var fractionDigits = 0
        if position < end, bytes[position] == UInt8(ascii: ".") {
            guard position + 1 < end, isDigit(bytes[position + 1]) else {
                throw failure(expected: "a digit after '.'", at: position + 1)
            }
            isFloat = true
            position += 1
            let fractionStart = position
            while position < end, isDigit(bytes[position]) {
                let digit = bytes[position] &- UInt8(ascii: "0")
                if significantDigits > 0 || digit != 0 {
                    significantDigits += 1
                    significand = significand &* 10 &+ UInt64(digit)
                }
                position += 1
            }
            fractionDigits = position - fractionStart
        }
        // The exponent's value while it stays below `ExactDecimal.exponentLimit`.
        var exponent = 0
        var exponentIsSmall = true
        if position < end, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var look = position + 1
            let exponentNegative = look < end && bytes[look] == UInt8(ascii: "-")
            if look < end, bytes[look] == UInt8(ascii: "+") || exponentNegative { look += 1 }
            guard look < end, isDigit(bytes[look]) else {
                throw failure(expected: "a digit in the exponent", at: look)
            }
            isFloat = true
            position = look
            while position < end, isDigit(bytes[position]) {
                if exponentIsSmall {
                    exponent = exponent * 10 + Int(bytes[position] &- UInt8(ascii: "0"))
                    exponentIsSmall = exponent < ExactDecimal.exponentLimit
                }
                position += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        if isFloat {
            if significantDigits <= 19, exponentIsSmall,
                let value = ExactDecimal.double(significand: significand, power: exponent - fractionDigits, negative: negative)
            {
                return .float(value)
            }
            // Swift's and Ruby's `strtod` both round correctly; out of range gives ±Infinity or ±0.0.
            let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
            guard let value = Double(String(decoding: text, as: UTF8.self)) else {
                throw failure(expected: "a number", at: start)
            }
            return .float(value)
        }
        if integralDigits <= 18 {
            return .integer(JSONInteger(negative ? -Int64(significand) : Int64(significand)))
        }
        guard let integer = JSONInteger(decimalBytes: Array(bytes[start..<position])[...]) else {
            throw failure(expected: "a number", at: start)
        }
        return .integer(integer)
    }

    // MARK: Strings

    @inline(__always)
    private func isHex(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }

    /// Where a string's content ends, and what it holds.
    private struct StringExtent {
        var content: Range<Int>
        var hasEscape: Bool
        var isASCII: Bool
    }

    /// The json gem's string grammar: finds the closing quote of the string opened at
    /// `position`, refusing raw control characters, a backslash before a control
    /// character and `\u` without four hex digits; moves past the closing quote.
    @inline(__always)
    private mutating func scanString() throws(RubyJSONError) -> StringExtent {
        let open = position
        let contentStart = position + 1
        var index = contentStart
        var hasEscape = false
        // Every content byte OR-ed: below 0x80 means ASCII, valid UTF-8 without checking.
        var seen: UInt8 = 0
        var seenWords: UInt64 = 0
        while true {
            // Eight bytes at a time up to the first quote, backslash or control character.
            while end - index >= 8 {
                let word = UInt64(
                    littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped).loadUnaligned(
                        fromByteOffset: index, as: UInt64.self))
                let special = Self.specialBytes(word)
                if special == 0 {
                    seenWords |= word
                    index += 8
                    continue
                }
                // Little-endian: the lowest flagged byte comes first in memory.
                let plain = special.trailingZeroBitCount >> 3
                seenWords |= word & ((1 << (plain << 3)) &- 1)
                index += plain
                break
            }
            guard index < end else {
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
            guard index + 1 < end else {
                throw failure(expected: "an escaped character after '\\'", at: index + 1)
            }
            let escaped = bytes[index + 1]
            if escaped < 0x20 {
                throw failure(expected: "an escaped character after '\\' (not a control character)", at: index + 1)
            }
            if escaped == UInt8(ascii: "u") {
                for offset in 2..<6 {
                    guard index + offset < end, isHex(bytes[index + offset]) else {
                        throw failure(expected: "four hex digits after '\\u'", at: index + offset)
                    }
                }
                index += 6
            } else {
                index += 2
            }
        }
        position = index + 1
        let isASCII = seen < 0x80 && seenWords & 0x8080_8080_8080_8080 == 0
        return StringExtent(content: contentStart..<index, hasEscape: hasEscape, isASCII: isASCII)
    }

    /// The high bit of each byte of `word` (first byte lowest) that is a quote, a backslash
    /// or below 0x20 — exact for the lowest such byte (the word-at-a-time tests "has a zero
    /// byte" and "has a byte below n": a borrow only flags bytes above a real one).
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let quoteBits = (quotes &- ones) & ~quotes
        let backslashBits = (backslashes &- ones) & ~backslashes
        let controlBits = (word &- ones &* 0x20) & ~word
        return (quoteBits | backslashBits | controlBits) & 0x8080_8080_8080_8080
    }

    /// A string value: a `String` when its bytes (after unescaping) are valid UTF-8 as Ruby
    /// judges it (strict UTF-8, which is what `String(validating:)` accepts), otherwise a
    /// ``JSONValue/binaryString(_:)``.
    private mutating func parseString() throws(RubyJSONError) -> JSONValue {
        let extent = try scanString()
        if !extent.hasEscape {
            let content = UnsafeBufferPointer(rebasing: bytes[extent.content])
            if extent.isASCII || RubyUTF8.isValid(content) {
                return .string(checkedString(content, isASCII: extent.isASCII))
            }
            return .binaryString(Array(content))
        }
        try unescape(extent.content)
        if let text = unescaped.withUnsafeBufferPointer(RubyUTF8.string(validating:)) { return .string(text) }
        return .binaryString(unescaped)
    }

    /// An object key and its ``ObjectKeyPrint``: the key as ``parseString()`` reads it,
    /// with bytes that are not valid UTF-8 replaced by U+FFFD (a ``JSONObject`` key is a
    /// Swift `String`).
    private mutating func parseKey() throws(RubyJSONError) -> (key: String, print: UInt64) {
        let extent = try scanString()
        if !extent.hasEscape {
            let content = UnsafeBufferPointer(rebasing: bytes[extent.content])
            if extent.isASCII { return asciiKey(content, sixteenBytesReadable: isSixteenBytesReadable(extent)) }
            return (String(decoding: content, as: UTF8.self), ObjectKeyPrint.nonASCII)
        }
        try unescape(extent.content)
        return unescaped.withUnsafeBufferPointer { key in
            guard RubyUTF8.isASCII(key) else { return (String(decoding: key, as: UTF8.self), ObjectKeyPrint.nonASCII) }
            return asciiKey(key, sixteenBytesReadable: false)
        }
    }

    /// Whether 16 bytes from the start of the string's content lie inside the document.
    @inline(__always)
    private func isSixteenBytesReadable(_ extent: StringExtent) -> Bool {
        end - extent.content.lowerBound >= 16
    }

    /// The string of `content`, which is ASCII or valid UTF-8.
    @inline(__always)
    private func checkedString(_ content: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        isASCII ? CheckedString.string(ascii: content) : String(decoding: content, as: UTF8.self)
    }

    /// The key of ASCII `content` and its print.
    @inline(__always)
    private func asciiKey(_ content: UnsafeBufferPointer<UInt8>, sixteenBytesReadable: Bool) -> (key: String, print: UInt64) {
        let print =
            content.count <= ObjectKeyPrint.shortKeyLength
            ? ObjectKeyPrint.ascii(short: content, sixteenBytesReadable: sixteenBytesReadable)
            : ObjectKeyPrint.ascii(long: content)
        return (CheckedString.string(ascii: content), print)
    }

    /// The json gem 2.6.1's `json_string_unescape` into `unescaped`, quirks included: an
    /// unknown escape stands for the character itself; `\uD800`–`\uDBFF` combines with the
    /// *next* `\uXXXX` whatever it is (only its low ten bits count); a high surrogate with
    /// fewer than six bytes after it in the string is refused ("incomplete surrogate
    /// pair"); one followed by something other than `\u` becomes `?` and swallows the next
    /// byte; a lone low surrogate is written as its three (invalid UTF-8) bytes.
    private mutating func unescape(_ range: Range<Int>) throws(RubyJSONError) {
        unescaped.removeAll(keepingCapacity: true)
        unescaped.reserveCapacity(range.count)
        let end = range.upperBound
        var runStart = range.lowerBound
        var index = range.lowerBound
        while index < end {
            guard bytes[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            if runStart < index { unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            let escaped = bytes[index + 1]
            switch escaped {
            case UInt8(ascii: "b"): unescaped.append(0x08)
            case UInt8(ascii: "f"): unescaped.append(0x0C)
            case UInt8(ascii: "n"): unescaped.append(0x0A)
            case UInt8(ascii: "r"): unescaped.append(0x0D)
            case UInt8(ascii: "t"): unescaped.append(0x09)
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
                        unescaped.append(UInt8(ascii: "?"))
                        index += 1
                        runStart = index
                        continue
                    }
                }
                Self.appendUTF8(scalar, to: &unescaped)
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
        if runStart < end { unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end])) }
    }

    private func readHex4(at offset: Int) -> UInt32? {
        guard end - offset >= 4 else { return nil }
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
