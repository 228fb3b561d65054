import Foundation
import HutchConventions
import Testing

@Suite struct RubyJSONEncoderTests {
    struct Order: Codable, Equatable {
        var id: Int
        var total: Double
        var tags: [String]
    }

    struct Everything: Codable, Equatable {
        var i8: Int8 = -8
        var u8: UInt8 = 255
        var i16: Int16 = -16
        var u16: UInt16 = 16
        var i32: Int32 = -32
        var u32: UInt32 = 32
        var i64: Int64 = .min
        var u64: UInt64 = .max
        var int: Int = 42
        var uint: UInt = 7
        var float: Float = 1.5
        var double: Double = 1e20
        var negativeZero: Double = -0.0
        var flag: Bool = true
        var text: String = "</script> \u{2028} é \u{1F600}"
        var missing: String? = nil
        var present: String? = "x"
        var nested: [Order] = [Order(id: 2, total: 0.1, tags: [])]
        var url: URL = URL(string: "https://example.com/a?b=c")!
    }

    @Test func structInDeclarationOrder() throws {
        let text = try RubyJSONEncoder().encodeToString(Order(id: 1, total: 9.5, tags: ["a"]))
        #expect(text == #"{"id":1,"total":9.5,"tags":["a"]}"#)
    }

    @Test func everyPrimitiveAsRubyWritesIt() throws {
        let text = try RubyJSONEncoder().encodeToString(Everything())
        #expect(
            text
                == #"{"i8":-8,"u8":255,"i16":-16,"u16":16,"i32":-32,"u32":32,"i64":-9223372036854775808,"u64":18446744073709551615,"int":42,"uint":7,"float":1.5,"double":1.0e+20,"negativeZero":-0.0,"flag":true,"text":"</script> \#u{2028} é \#u{1F600}","present":"x","nested":[{"id":2,"total":0.1,"tags":[]}],"url":"https://example.com/a?b=c"}"#
        )
    }

    @Test func floatIsWidenedThroughItsShortestText() throws {
        #expect(try RubyJSONEncoder().encodeToString([Float(0.1), 1.5, 3.4028235e38]) == "[0.1,1.5,3.4028235e+38]")
        var exact = RubyJSONEncoder()
        exact.floatStrategy = .exact
        #expect(try exact.encodeToString([Float(0.1)]) == "[0.10000000149011612]")
    }

    struct WithNil: Encodable {
        var a: Int? = nil
        func encode(to encoder: any Encoder) throws {
            enum K: String, CodingKey { case a, b }
            var c = encoder.container(keyedBy: K.self)
            try c.encodeNil(forKey: .a)
            try c.encodeIfPresent(a, forKey: .b)
        }
    }

    @Test func explicitNilIsNullAbsentOptionalIsOmitted() throws {
        #expect(try RubyJSONEncoder().encodeToString(WithNil()) == #"{"a":null}"#)
    }

    @Test func nonFiniteDoubleThrowsWithPath() {
        struct S: Encodable { var values: [Double] }
        #expect {
            try RubyJSONEncoder().encode(S(values: [1, .nan]))
        } throws: { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["values", "Index 1"]
        }
    }

    @Test func datesAsRubyWritesATime() throws {
        let date = Date(timeIntervalSince1970: 1_795_751_033.5)  // 2026-11-27 03:43:53.5 UTC
        var encoder = RubyJSONEncoder()
        #expect(try encoder.encodeToString([date]) == #"["2026-11-27 03:43:53 UTC"]"#)
        encoder.dateStrategy = .activeSupportISO8601
        #expect(try encoder.encodeToString([date]) == #"["2026-11-27T03:43:53.500Z"]"#)
        encoder.dateStrategy = .rubyLocalTimeToS(utcOffsetSeconds: 3600)
        #expect(try encoder.encodeToString([date]) == #"["2026-11-27 04:43:53 +0100"]"#)
        encoder.dateStrategy = .secondsSince1970
        #expect(try encoder.encodeToString([date]) == "[1795751033.5]")
        encoder.dateStrategy = .activeSupportISO8601
        #expect(try encoder.encodeToString([Date(timeIntervalSince1970: -1)]) == #"["1969-12-31T23:59:59.000Z"]"#)
    }

    @Test func dataAndDecimal() throws {
        var encoder = RubyJSONEncoder()
        #expect(try encoder.encodeToString([Data([0, 255])]) == #"["AP8="]"#)
        encoder.dataStrategy = .byteArray
        #expect(try encoder.encodeToString([Data([0, 255])]) == "[[0,255]]")
        #expect(throws: EncodingError.self) { try encoder.encode([Decimal(string: "1.5")!]) }
        encoder.decimalStrategy = .float
        #expect(try encoder.encodeToString([Decimal(string: "1.5")!]) == "[1.5]")
        encoder.decimalStrategy = .string
        #expect(try encoder.encodeToString([Decimal(string: "1.5")!]) == #"["1.5"]"#)
    }

    @Test func jsonValuePassesThrough() throws {
        struct Envelope: Encodable { var body: JSONValue }
        let body: JSONValue = ["z": 1, "a": .integer(JSONInteger(decimal: "123456789012345678901234567890")!), "f": 2.0]
        #expect(
            try RubyJSONEncoder().encodeToString(Envelope(body: body))
                == #"{"body":{"z":1,"a":123456789012345678901234567890,"f":2.0}}"#)
    }

    @Test func repeatedKeyKeepsFirstPositionLastValue() throws {
        struct Twice: Encodable {
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: AnyKey.self)
                try c.encode(1, forKey: AnyKey("a"))
                try c.encode(2, forKey: AnyKey("b"))
                try c.encode(3, forKey: AnyKey("a"))
            }
        }
        #expect(try RubyJSONEncoder().encodeToString(Twice()) == #"{"a":3,"b":2}"#)
    }

    @Test func nestingBeyondRubyLimitThrows() {
        var value: JSONValue = 1
        for _ in 0..<101 { value = [value] }
        #expect(throws: RubyJSONError.self) { try RubyJSONEncoder().encode(value) }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
