import HutchTestSupport
import Testing

@testable import HutchConventions

/// The parser's fast paths give what the plain paths give: repeated object keys are found
/// through key prints (`ObjectKeyPrint`) in objects of up to 16 pairs, and through
/// ``JSONObject``'s own lookups past that or once the room for prints is used up; strings
/// are made from their bytes once checked (`CheckedString`); floats are computed from the
/// digits as they are scanned. Each case is checked against a known
/// value and against the parser before these paths (`ReferenceRubyJSONParser`).
@Suite struct RubyJSONParserFastPathTests {
    /// `RubyJSONParser` on `bytes`.
    static func parse(_ bytes: [UInt8]) throws(RubyJSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(RubyJSONError) in try RubyJSONParser.parse(buffer) }
        }.get()
    }

    /// The value of `bytes`, expected identical (key bytes and order, string bytes, float
    /// bits) to the reference parser's.
    @discardableResult
    static func parseEveryWay(_ bytes: [UInt8], _ label: @autoclosure () -> String) throws -> JSONValue {
        let value = try parse(bytes)
        var reference = ReferenceRubyJSONParser(bytes)
        let expected = try reference.parseDocument()
        #expect(JSONParserDifferentialTests.identical(value, expected), "\(label()): \(value.rubyInspect)")
        return value
    }

    static func expect(_ text: [UInt8], parsesAs expected: JSONValue, _ label: String) throws {
        let value = try parseEveryWay(text, label)
        #expect(JSONParserDifferentialTests.identical(value, expected), "\(label): \(value.rubyInspect)")
    }

    @Test func repeatedKeysKeepTheirFirstPositionAndLastValue() throws {
        let cases: [(String, JSONValue)] = [
            (#"{"a":1,"b":2,"a":3}"#, ["a": 3, "b": 2]),
            (#"{"a":1,"a":2,"a":3}"#, ["a": 3]),
            (#"{"a":1,"b":2,"c":3,"c":4}"#, ["a": 1, "b": 2, "c": 4]),
            // The inner object's keys are its own; the outer object's repeat after it.
            (#"{"x":1,"n":{"x":2,"y":3,"x":4},"y":5,"x":6}"#, ["x": 6, "n": ["x": 4, "y": 3], "y": 5]),
            (#"{"a":{"a":{"a":1,"a":2},"b":3},"a":{"b":4}}"#, ["a": ["b": 4]]),
            // Escaped and plain spellings of one key.
            (#"{"a":1,"\u0061":2}"#, ["a": 2]),
            (#"{"a\"b":1,"a\u0022b":2}"#, ["a\"b": 2]),
            // Keys of 8 and 16 bytes, and keys that differ only after a NUL or in the middle.
            (#"{"abcdefgh":1,"abcdefgh\u0000":2,"abcdefgh":3}"#, ["abcdefgh": 3, "abcdefgh\u{0}": 2]),
            (#"{"":1,"\u0000":2,"":3}"#, ["": 3, "\u{0}": 2]),
            (#"{"0123456789abcdef":1,"0123456789abcdef":2}"#, ["0123456789abcdef": 2]),
            (
                #"{"abcdefgh-1-ijklmnop":1,"abcdefgh-2-ijklmnop":2,"abcdefgh-1-ijklmnop":3}"#,
                ["abcdefgh-1-ijklmnop": 3, "abcdefgh-2-ijklmnop": 2]
            ),
            // Equal as Swift strings, not as bytes: the Kelvin sign and K, é composed and
            // decomposed. The first spelling stays (JSONObject's String keys).
            ("{\"K\":1,\"\u{212A}\":2}", ["K": 2]),
            ("{\"\u{212A}\":1,\"K\":2}", ["\u{212A}": 2]),
            ("{\"é\":1,\"e\u{301}\":2,\"zoë\":3}", ["é": 2, "zoë": 3])
        ]
        for (text, expected) in cases { try Self.expect(Array(text.utf8), parsesAs: expected, text) }
        // Two different invalid bytes both read as U+FFFD in a key: one key.
        let invalid = Array(#"{"k"#.utf8) + [0xFF] + Array(#"":1,"k"#.utf8) + [0xFE] + Array(#"":2}"#.utf8)
        try Self.expect(invalid, parsesAs: ["k\u{FFFD}": 2], "two invalid keys")
    }

    /// Objects of 15 to 40 keys with one key repeated at the start, the middle, the 16th
    /// and 17th pair (where the pairs move into a ``JSONObject``) and the end.
    @Test(arguments: [1, 15, 16, 17, 18, 40])
    func repeatsAroundTheHandOver(count: Int) throws {
        for repeated in Set([0, count / 2, 14, 15, 16, count - 1]) where repeated < count {
            var text = "{"
            var pairs: [(String, JSONValue)] = []
            for index in 0..<count {
                text += "\"key\(index)\":\(index),"
                pairs.append(("key\(index)", .int(Int64(index))))
            }
            text += "\"key\(repeated)\":-1}"
            pairs[repeated].1 = .int(-1)
            let value = try Self.parseEveryWay(Array(text.utf8), "\(count) keys, key\(repeated) again")
            #expect(value == .object(JSONObject(pairs)), "\(count) keys, key\(repeated) again")
            #expect(value.objectValue?.keys == pairs.map(\.0))
        }
    }

    /// Twelve nested objects of 16 keys, each repeating keys after its inner object: the
    /// deepest find no room left for prints and are built in a ``JSONObject`` from their
    /// first key.
    @Test func deepObjectsOutgrowTheRoomForPrints() throws {
        func level(_ depth: Int) -> (text: String, value: JSONValue) {
            var text = "{"
            var pairs: [(String, JSONValue)] = []
            for index in 0..<15 {
                text += "\"k\(index)\":\(depth * 100 + index),"
                pairs.append(("k\(index)", .int(Int64(depth * 100 + index))))
            }
            if depth < 12 {
                let inner = level(depth + 1)
                text += "\"next\":\(inner.text),"
                pairs.append(("next", inner.value))
            }
            text += "\"k3\":\"again\",\"k14\":[\(depth)]}"
            pairs[3].1 = "again"
            pairs[14].1 = [.int(Int64(depth))]
            return (text, .object(JSONObject(pairs)))
        }
        #expect(12 * 16 > RubyJSONParser.keyPrintCapacity)
        let (text, expected) = level(0)
        try Self.expect(Array(text.utf8), parsesAs: expected, "twelve nested objects")
    }

    /// Seeded random objects of up to 40 pairs, nested, their keys drawn from spellings
    /// that repeat: short and long ASCII, escaped, non-ASCII, equal as strings but not as
    /// bytes, not valid UTF-8.
    /// Async, yielding between objects: see ``JSONParserDifferentialTests``.
    @Test func randomBigObjectsParseAsTheReferenceDoes() async throws {
        let keys: [[UInt8]] =
            [
                "a", "b", "id", "sku", "qty", "price", "order_id", "created_at", "abcdefgh", "abcdefghi",
                "0123456789abcde", "0123456789abcdef", "0123456789abcdefg", "customer_billing_address",
                "customer_shipping_address", "\\u0061", "a\\\"b", "K", "\u{212A}", "é", "e\u{301}", "zoë", ""
            ].map { Array($0.utf8) } + [[UInt8(ascii: "k"), 0xFF], [UInt8(ascii: "k"), 0xFE]]
        var generator = SeededGenerator(state: 606)
        func object(_ depth: Int) -> [UInt8] {
            var out: [UInt8] = [UInt8(ascii: "{")]
            for index in 0..<Int.random(in: 0...40, using: &generator) {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: keys[Int.random(in: 0..<keys.count, using: &generator)])
                out.append(contentsOf: Array("\":".utf8))
                if depth < 3, Int.random(in: 0..<8, using: &generator) == 0 {
                    out.append(contentsOf: object(depth + 1))
                } else {
                    out.append(contentsOf: Array("\(Int.random(in: 0...999, using: &generator))".utf8))
                }
            }
            out.append(UInt8(ascii: "}"))
            return out
        }
        for round in 0..<1_500 {
            let document = object(0)
            try Self.parseEveryWay(document, "round \(round): \(String(decoding: document, as: UTF8.self))")
            await Task.yield()
        }
    }

    /// Strings of 0 to 20 bytes — ASCII, valid non-ASCII, not valid UTF-8 — as values and
    /// keys, at the start of a document (fewer than 16 bytes left to read) and inside one.
    @Test func stringsOfEveryLengthReadAsTheirBytes() throws {
        let pieces: [(name: String, bytes: [UInt8])] = [
            ("ASCII", Array("Hutch-order_8f3a2c".utf8)), ("non-ASCII", Array("Zoë Müller 😀 中文".utf8)),
            ("invalid", [UInt8(ascii: "a"), 0xC3, 0x28, 0xFF, UInt8(ascii: "b"), 0xED, 0xA0, 0x80])
        ]
        for piece in pieces {
            for count in 0...20 {
                let content = (0..<count).map { piece.bytes[$0 % piece.bytes.count] }
                let label = "\(piece.name) string of \(count) bytes"
                let isValid = String(validating: content, as: UTF8.self) != nil
                let value: JSONValue = isValid ? .string(String(decoding: content, as: UTF8.self)) : .binaryString(content)
                let quoted = [UInt8(ascii: "\"")] + content + [UInt8(ascii: "\"")]
                try Self.expect(quoted, parsesAs: value, "\(label), alone")
                let padding = Array(#","padding":"................................"}"#.utf8)
                try Self.expect(
                    Array(#"{"value":"#.utf8) + quoted + padding, parsesAs: ["value": value, "padding": "................................"],
                    "\(label), inside")
                let key = String(decoding: content, as: UTF8.self)
                try Self.expect([UInt8(ascii: "{")] + quoted + Array(":1}".utf8), parsesAs: [key: 1], "\(label), key alone")
                try Self.expect(
                    [UInt8(ascii: "{")] + quoted + Array(":1".utf8) + padding,
                    parsesAs: [key: 1, "padding": "................................"],
                    "\(label), key inside")
            }
        }
    }

    /// Floats whose digits do not fit the single-rounding path: more than 19 digits
    /// (the integral part wrapping past 2⁶⁴), exponents of 10,000 and more.
    @Test func floatsPastTheFastPathReadAsStrtodReadsThem() throws {
        let zeros = String(repeating: "0", count: 29_999)
        let texts = [
            "18446744073709551616.5", "-36893488147419103232.25", "18446744073709551616e-5",
            "0.\(zeros)1e30000", "1e-10000", "0e10000", "-0.0e10000", "1.5e+0000000000000000000000000001",
            "12345678901234567890.5", "1234567890123456789.5", "0.0000000000000000000000123", "9007199254740993.0"
        ]
        for text in texts {
            let expected = try #require(Double(text))
            let value = try Self.parseEveryWay(Array(text.utf8), text)
            #expect(value == .float(expected), "\(text): \(value) against strtod's \(expected)")
        }
    }
}
