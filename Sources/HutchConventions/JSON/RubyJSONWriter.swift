/// The json gem's generator (2.6.1, default state) as `MultiJson.dump` calls it for Hutch.
///
/// Compact output; object keys in insertion order; strings escaped as Ruby does:
/// `"` and `\` with a backslash, the control characters U+0000–U+001F as `\b \t \n
/// \f \r` or `\u00xx` (lowercase hex), and nothing else — `/`, `<`, `>`, `&`, DEL,
/// U+2028, U+2029 and all non-ASCII text are written as raw UTF-8. Floats use
/// ``RubyFloatFormat``; NaN and ±Infinity raise as `JSON::GeneratorError` does,
/// and so does a string that is not valid UTF-8. More than 100 nested arrays and
/// objects raise `JSON::NestingError`.
///
/// The text is written into a buffer of its own (room made once per value or string, then
/// plain stores), copied into an array once at the end: appending each piece to an array
/// checked the array's uniqueness and capacity per piece, and a string was scanned for
/// escapes before it was copied.
struct RubyJSONWriter: ~Copyable {
    /// The text so far: `count` bytes written of `capacity`.
    private var bytes: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// `JSON.generate`'s default `max_nesting`.
    static let maxNesting = 100

    init(capacity: Int = 512) {
        self.capacity = max(capacity, 64)
        bytes = .allocate(capacity: self.capacity)
    }

    deinit { bytes.deallocate() }

    /// The text written.
    consuming func finish() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            output.baseAddress!.initialize(from: bytes, count: count)
            initialized = count
        }
    }

    mutating func write(_ value: JSONValue, depth: Int) throws(RubyJSONError) {
        switch value {
        case .null: put("null")
        case .bool(let flag): put(flag ? "true" : "false")
        case .integer(let integer):
            if let small = integer.int64 {
                reserve(JSONInteger.maxMachineDecimalCount)
                count += JSONInteger.writeDecimal(small, into: bytes + count)
            } else {
                var text = integer.description
                text.withUTF8 { put($0) }
            }
        case .float(let number):
            guard number.isFinite else {
                throw RubyJSONError(.generate, "\(RubyFloatFormat.string(number)) not allowed in JSON")
            }
            reserve(RubyFloatFormat.maxTextCount)
            count += RubyFloatFormat.write(number, into: bytes + count)
        case .string(let text): writeString(text)
        case .binaryString(let raw):
            throw RubyJSONError(
                .generate,
                "source sequence is illegal/malformed utf-8 (a string of \(raw.count) bytes that is not valid UTF-8)")
        case .array(let elements):
            try checkNesting(depth + 1)
            put(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { put(UInt8(ascii: ",")) }
                first = false
                try write(element, depth: depth + 1)
            }
            put(UInt8(ascii: "]"))
        case .object(let object):
            try checkNesting(depth + 1)
            put(UInt8(ascii: "{"))
            var first = true
            for pair in object.pairs {
                if !first { put(UInt8(ascii: ",")) }
                first = false
                writeString(pair.key)
                put(UInt8(ascii: ":"))
                try write(pair.value, depth: depth + 1)
            }
            put(UInt8(ascii: "}"))
        }
    }

    private func checkNesting(_ depth: Int) throws(RubyJSONError) {
        if depth > Self.maxNesting {
            throw RubyJSONError(.nesting, "nesting of \(depth) is too deep (the limit is \(Self.maxNesting))")
        }
    }

    /// Makes room for `needed` more bytes.
    @inline(__always)
    private mutating func reserve(_ needed: Int) {
        if capacity - count < needed { grow(needed) }
    }

    private mutating func grow(_ needed: Int) {
        let larger = Swift.max(capacity * 2, count + needed)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: bytes, count: count)
        bytes.deallocate()
        bytes = moved
        capacity = larger
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1)
        bytes[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func put(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func put(_ text: UnsafeBufferPointer<UInt8>) {
        reserve(text.count)
        (bytes + count).initialize(from: text.baseAddress!, count: text.count)
        count += text.count
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether a byte needs an escape: `"`, `\` and the C0 controls.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { writeString(utf8: $0) }
    }

    /// Writes a string's bytes between quotes, escaped. Room is made once for the string
    /// and its quotes (most strings need no escape), and again at each escape for the
    /// escape and the rest. Eight bytes without an escape are copied at once.
    private mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 2)
        var end = bytes + count
        end.pointee = UInt8(ascii: "\"")
        end += 1
        var index = 0
        while index < utf8.count {
            if utf8.count - index >= 8 {
                let word = UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if !Self.hasEscape(word) {
                    UnsafeMutableRawPointer(end).storeBytes(of: word, as: UInt64.self)
                    end += 8
                    index += 8
                    continue
                }
            }
            let byte = utf8[index]
            index += 1
            guard Self.needsEscape(byte) else {
                end.pointee = byte
                end += 1
                continue
            }
            count = end - bytes
            // The longest escape (`\u00xx`), the rest of the string and its closing quote.
            reserve(6 + utf8.count - index + 1)
            end = bytes + count
            let escape: StaticString
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x08: escape = "\\b"
            case 0x09: escape = "\\t"
            case 0x0A: escape = "\\n"
            case 0x0C: escape = "\\f"
            case 0x0D: escape = "\\r"
            default: escape = "\\u00"
            }
            end.initialize(from: escape.utf8Start, count: escape.utf8CodeUnitCount)
            end += escape.utf8CodeUnitCount
            if escape.utf8CodeUnitCount == 4 {
                end[0] = Self.hexDigits[Int(byte >> 4)]
                end[1] = Self.hexDigits[Int(byte & 0x0F)]
                end += 2
            }
        }
        end.pointee = UInt8(ascii: "\"")
        count = end + 1 - bytes
    }

    /// Whether any of the eight bytes of `word` needs an escape (``needsEscape(_:)``):
    /// the classic tests for a byte below 0x20 and for a byte equal to `"` or `\`, eight
    /// lanes at once (exact for the word as a whole; bytes of 0x80 and above never match).
    @inline(__always)
    private static func hasEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }
}
