import Foundation
import HutchConventions
import Testing

@Suite struct RubyJSONDecoderTests {
    typealias Order = RubyJSONEncoderTests.Order
    typealias Everything = RubyJSONEncoderTests.Everything

    @Test func roundTrips() throws {
        let bytes = try RubyJSONEncoder().encode(Everything())
        let decoded = try RubyJSONDecoder().decode(Everything.self, from: bytes)
        #expect(decoded == Everything())
        #expect(try RubyJSONEncoder().encode(decoded) == bytes)
    }

    @Test func integerAcceptedForDouble() throws {
        let order = try RubyJSONDecoder().decode(Order.self, from: Array(#"{"id":1,"total":9,"tags":[]}"#.utf8))
        #expect(order == Order(id: 1, total: 9, tags: []))
    }

    @Test func integralFloatRefusedForIntUnlessAllowed() throws {
        let body = Array(#"{"id":2.0,"total":1.5,"tags":[]}"#.utf8)
        #expect {
            try RubyJSONDecoder().decode(Order.self, from: body)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["id"] && context.debugDescription.contains("Float 2.0")
        }
        var lenient = RubyJSONDecoder()
        lenient.acceptsIntegralFloatsForIntegers = true
        #expect(try lenient.decode(Order.self, from: body).id == 2)
        #expect(throws: DecodingError.self) {
            try lenient.decode(Order.self, from: Array(#"{"id":2.5,"total":1.5,"tags":[]}"#.utf8))
        }
    }

    @Test func bigIntegerGivesClearError() throws {
        struct S: Decodable { var n: [Int64] }
        #expect {
            try RubyJSONDecoder().decode(S.self, from: Array(#"{"n":[1,123456789012345678901234567890]}"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["n", "Index 1"]
                && context.debugDescription.contains("123456789012345678901234567890")
                && context.debugDescription.contains("Int64")
        }
        struct U: Decodable { var n: UInt64 }
        #expect(try RubyJSONDecoder().decode(U.self, from: Array(#"{"n":18446744073709551615}"#.utf8)).n == .max)
        struct Small: Decodable { var n: UInt8 }
        #expect(throws: DecodingError.self) { try RubyJSONDecoder().decode(Small.self, from: Array(#"{"n":256}"#.utf8)) }
        #expect(throws: DecodingError.self) { try RubyJSONDecoder().decode(Small.self, from: Array(#"{"n":-1}"#.utf8)) }
    }

    @Test func missingKeyAndWrongTypeCarryThePath() {
        struct Outer: Decodable { var order: Order }
        #expect {
            try RubyJSONDecoder().decode(Outer.self, from: Array(#"{"order":{"id":1,"tags":[]}}"#.utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, let context) = error else { return false }
            return key.stringValue == "total" && context.codingPath.map(\.stringValue) == ["order"]
        }
        #expect {
            try RubyJSONDecoder().decode(Outer.self, from: Array(#"{"order":{"id":1,"total":1,"tags":[1]}}"#.utf8))
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["order", "tags", "Index 0"]
        }
    }

    @Test func invalidUTF8StringIsRefusedForStringButKeptInJSONValue() throws {
        struct S: Decodable { var s: String }
        struct V: Decodable { var s: JSONValue }
        let body: [UInt8] = Array(#"{"s":"bad "#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(throws: DecodingError.self) { try RubyJSONDecoder().decode(S.self, from: body) }
        #expect(try RubyJSONDecoder().decode(V.self, from: body).s == .binaryString(Array("bad ".utf8) + [0xFF]))
    }

    @Test func parseErrorsAreRubyJSONErrors() {
        #expect(throws: RubyJSONError.self) { try RubyJSONDecoder().decode(Order.self, from: Array("{".utf8)) }
        #expect(throws: RubyJSONError.self) { try RubyJSONDecoder().decode(Order.self, from: Array("  ".utf8)) }
    }

    @Test func datesInEitherRubyForm() throws {
        let expected = Date(timeIntervalSince1970: 1_795_751_033)
        for text in [
            "2026-11-27 03:43:53 UTC", "2026-11-27 04:43:53 +0100", "2026-11-27T03:43:53.000Z",
            "2026-11-27T04:43:53.000+01:00", "2026-11-27T03:43:53Z"
        ] {
            let date = try RubyJSONDecoder().decode([Date].self, from: Array("[\"\(text)\"]".utf8))
            #expect(date == [expected], "\(text)")
        }
        var decoder = RubyJSONDecoder()
        decoder.dateStrategy = .secondsSince1970
        #expect(try decoder.decode([Date].self, from: Array("[1795751033]".utf8)) == [expected])
    }

    @Test func dataDecimalURL() throws {
        struct S: Codable, Equatable {
            var d: Data
            var n: Decimal
            var u: URL
        }
        let s = try RubyJSONDecoder().decode(S.self, from: Array(#"{"d":"AP8=","n":1.5,"u":"https://x.test/"}"#.utf8))
        #expect(s == S(d: Data([0, 255]), n: Decimal(string: "1.5")!, u: URL(string: "https://x.test/")!))
    }

    @Test func dictionaryAndJSONObjectKeepRubyOrder() throws {
        let object = try RubyJSONDecoder().decode(JSONObject.self, from: Array(#"{"b":1,"a":2}"#.utf8))
        #expect(object.keys == ["b", "a"])
        let dictionary = try RubyJSONDecoder().decode([String: Int].self, from: Array(#"{"b":1,"a":2}"#.utf8))
        #expect(dictionary == ["a": 2, "b": 1])
    }

    @Test func jsonValueThroughFoundationCoders() throws {
        let value: JSONValue = ["b": 1, "a": [1.5, nil, true, "x"]]
        let data = try JSONEncoder().encode(value)
        let back = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(back.objectValue?["a"] == [1.5, nil, true, "x"])
        #expect(back.objectValue?["b"] == 1)
    }
}
