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
/// escapes before it was copied. The first buffer is the caller's (``RubyJSON`` gives one
/// on the stack); the writer moves to memory of its own only when the text outgrows it.
struct RubyJSONWriter: ~Copyable {
    /// The text so far: `count` bytes written of `capacity`.
    private var bytes: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether `bytes` was allocated by the writer (and is freed by it), not the caller's.
    private var ownsBytes: Bool
    /// `JSON.generate`'s default `max_nesting`.
    static let maxNesting = 100
    /// The room the caller's first buffer should have (a typical message body fits).
    static let initialCapacity = 512

    /// A writer that starts in `buffer`, which must outlive it.
    init(startingIn buffer: UnsafeMutableBufferPointer<UInt8>) {
        bytes = buffer.baseAddress!
        capacity = buffer.count
        ownsBytes = false
    }

    deinit { if ownsBytes { bytes.deallocate() } }

    /// The text written.
    consuming func finish() -> [UInt8] {
        // `Array(UnsafeBufferPointer)` is specialized for bytes and allocates once;
        // `Array(unsafeUninitializedCapacity:)` went through the standard library's generic
        // allocation, which looked up the array's metadata on every call.
        Array(UnsafeBufferPointer(start: bytes, count: count))
    }

    /// Writes `value`; `depth` arrays and objects enclose it.
    ///
    /// Inlined into the loops of ``write(elements:depth:)`` and ``write(pairs:depth:)``:
    /// an element or pair value that is a scalar is written there without a call, and
    /// elements are borrowed, so only a String, Array or Hash payload is retained (once)
    /// for the call that writes it.
    @inline(__always)
    mutating func write(_ value: borrowing JSONValue, depth: Int) throws(RubyJSONError) {
        switch value {
        case .null: put("null")
        case .bool(let flag): put(flag ? "true" : "false")
        case .integer(let integer):
            if let small = integer.int64 {
                reserve(JSONInteger.maxMachineDecimalCount)
                count += JSONInteger.writeDecimal(small, into: bytes + count)
            } else {
                writeDecimalText(integer)
            }
        case .float(let number): try writeFloat(number)
        case .string(let text): writeString(text)
        case .binaryString(let raw):
            throw RubyJSONError(
                .generate,
                "source sequence is illegal/malformed utf-8 (a string of \(raw.count) bytes that is not valid UTF-8)")
        case .array(let elements): try write(elements: elements, depth: depth + 1)
        case .object(let object): try write(pairs: object.pairs, depth: depth + 1)
        }
    }

    /// An Array at `depth` (its own level counted).
    private mutating func write(elements: borrowing [JSONValue], depth: Int) throws(RubyJSONError) {
        try checkNesting(depth)
        put(UInt8(ascii: "["))
        let span = elements.span
        for index in span.indices {
            if index != 0 { put(UInt8(ascii: ",")) }
            try write(span[index], depth: depth)
        }
        put(UInt8(ascii: "]"))
    }

    /// A Hash's pairs at `depth` (its own level counted).
    private mutating func write(pairs: borrowing [(key: String, value: JSONValue)], depth: Int) throws(RubyJSONError) {
        try checkNesting(depth)
        put(UInt8(ascii: "{"))
        let span = pairs.span
        for index in span.indices {
            writeString(span[index].key, commaBefore: index != 0, colonAfter: true)
            try write(span[index].value, depth: depth)
        }
        put(UInt8(ascii: "}"))
    }

    /// An Integer outside Int64, from its decimal text.
    private mutating func writeDecimalText(_ integer: JSONInteger) {
        var text = integer.description
        text.withUTF8 { put($0) }
    }

    /// A Float as ``RubyFloatFormat`` writes it; NaN and ±Infinity raise.
    private mutating func writeFloat(_ number: Double) throws(RubyJSONError) {
        guard number.isFinite else {
            throw RubyJSONError(.generate, "\(RubyFloatFormat.string(number)) not allowed in JSON")
        }
        reserve(RubyFloatFormat.maxTextCount)
        count += RubyFloatFormat.write(number, into: bytes + count)
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
        if ownsBytes { bytes.deallocate() }
        bytes = moved
        capacity = larger
        ownsBytes = true
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
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Writes a string, quoted and escaped; a key with the comma before it (all but the
    /// first) and the colon after it.
    private mutating func writeString(_ text: borrowing String, commaBefore: Bool = false, colonAfter: Bool = false) {
        // In place: a native string's own bytes, a small one's copied to the stack.
        let written: Void? = text.utf8.withContiguousStorageIfAvailable {
            writeString(utf8: $0, commaBefore: commaBefore, colonAfter: colonAfter)
        }
        if written == nil { writeBridgedString(copy text, commaBefore: commaBefore, colonAfter: colonAfter) }
    }

    /// ``writeString(_:commaBefore:colonAfter:)`` for a bridged string without contiguous
    /// UTF-8: made native first.
    private mutating func writeBridgedString(_ text: consuming String, commaBefore: Bool, colonAfter: Bool) {
        text.withUTF8 { writeString(utf8: $0, commaBefore: commaBefore, colonAfter: colonAfter) }
    }

    /// Writes a string's bytes between quotes, escaped (and the separators of
    /// ``writeString(_:commaBefore:colonAfter:)``).
    ///
    /// Room is made once for the string, its quotes and separators. The bytes are checked
    /// and copied a word at a time (``copyWithoutEscapes(_:count:to:)``); from the first
    /// word that holds a byte needing an escape, the rest is written by
    /// ``writeEscaping(_:)``. Most strings have none.
    @inline(__always)
    private mutating func writeString(utf8 text: UnsafeBufferPointer<UInt8>, commaBefore: Bool, colonAfter: Bool) {
        reserve(text.count + 4)
        var end = bytes + count
        if commaBefore {
            end.pointee = UInt8(ascii: ",")
            end += 1
        }
        end.pointee = UInt8(ascii: "\"")
        end += 1
        if let source = text.baseAddress {
            let copied = Self.copyWithoutEscapes(source, count: text.count, to: end)
            end += copied
            if copied < text.count {
                count = end - bytes
                writeEscaping(UnsafeBufferPointer(start: source + copied, count: text.count - copied))
                end = bytes + count
            }
        }
        end.pointee = UInt8(ascii: "\"")
        end += 1
        if colonAfter {
            end.pointee = UInt8(ascii: ":")
            end += 1
        }
        count = end - bytes
    }

    /// Copies the `count` bytes at `source` to `target` when none needs an escape and
    /// returns `count`; otherwise copies the words before the first that holds such a
    /// byte and returns how many bytes that is (a multiple of 8, and 0 for fewer than 8
    /// bytes).
    ///
    /// Whole words are checked (``hasEscape(_:)``) and copied; the bytes after the last
    /// whole word are checked and copied as the string's last eight, overlapping the word
    /// before. A string of 4 to 7 bytes is checked as its first and last four bytes in one
    /// word, one of 2 or 3 as its first and last two (the other lanes spaces, which need no
    /// escape). Nothing is read or written outside the bytes.
    @inline(__always)
    static func copyWithoutEscapes(
        _ source: UnsafePointer<UInt8>, count: Int, to target: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        if count >= 8 {
            var offset = 0
            while offset <= count - 8 {
                let word = from.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                if hasEscape(word) { return offset }
                to.storeBytes(of: word, toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            if offset < count {
                let last = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                if hasEscape(last) { return offset }
                to.storeBytes(of: last, toByteOffset: count - 8, as: UInt64.self)
            }
            return count
        }
        if count >= 4 {
            let first = from.loadUnaligned(as: UInt32.self)
            let last = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            if hasEscape(UInt64(first) | UInt64(last) << 32) { return 0 }
            to.storeBytes(of: first, as: UInt32.self)
            to.storeBytes(of: last, toByteOffset: count - 4, as: UInt32.self)
            return count
        }
        if count >= 2 {
            let first = from.loadUnaligned(as: UInt16.self)
            let last = from.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
            if hasEscape(UInt64(first) | UInt64(last) << 16 | 0x2020_2020_0000_0000) { return 0 }
            to.storeBytes(of: first, as: UInt16.self)
            to.storeBytes(of: last, toByteOffset: count - 2, as: UInt16.self)
            return count
        }
        if count == 1 {
            if needsEscape(source.pointee) { return 0 }
            target.pointee = source.pointee
        }
        return count
    }

    /// Writes bytes of a string (no quotes) that include one needing an escape: byte by
    /// byte, eight at once where eight need none. Room is made at each escape for the
    /// escape, the rest, the closing quote and a colon.
    private mutating func writeEscaping(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 2)
        var end = bytes + count
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
            // The longest escape (`\u00xx`), the rest of the string, its closing quote and a colon.
            reserve(6 + utf8.count - index + 2)
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
        count = end - bytes
    }

    /// Whether any of the eight bytes of `word` needs an escape (``needsEscape(_:)``):
    /// the classic tests for a byte below 0x20 (`(x - 0x20…) & ~x & 0x80…`) and for a zero
    /// byte in `x ^ 0x22…` and `x ^ 0x5C…` (`(y - 0x01…) & ~y & 0x80…`), eight lanes at
    /// once and exact for the word as a whole (bytes of 0x80 and above never match). The
    /// three share their last mask: `~y` and `~x` have the same high bits, as 0x22 and
    /// 0x5C have none, so the differences are or-ed and tested once.
    @inline(__always)
    static func hasEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = word &- ones &* 0x20
        let quote = (word ^ (ones &* 0x22)) &- ones
        let backslash = (word ^ (ones &* 0x5C)) &- ones
        return (belowSpace | quote | backslash) & ~word & highs != 0
    }
}
