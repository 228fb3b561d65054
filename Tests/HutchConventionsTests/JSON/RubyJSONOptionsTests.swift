import HutchConventions
import Testing

/// The decoder's and encoder's opt-in options: numbers in Strings, key strategies,
/// `nil` written as `null`. Their defaults are covered by the encoder/decoder suites
/// and the recorded Ruby fixtures (byte-identical output).
@Suite struct RubyJSONOptionsTests {
    struct Line: Codable, Equatable {
        var orderId: Int
        var unitPrice: Double
        var giftNote: String?
    }

    // MARK: Numbers in Strings

    @Test func numbersInStringsAreRefusedByDefaultAndReadWhenAllowed() throws {
        let body = Array(#"{"orderId":"42","unitPrice":"9.5"}"#.utf8)
        #expect {
            try RubyJSONDecoder().decode(Line.self, from: body)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["orderId"] && context.debugDescription.contains("String \"42\"")
        }
        let lenient = RubyJSONDecoder(acceptsNumbersInStrings: true)
        #expect(try lenient.decode(Line.self, from: body) == Line(orderId: 42, unitPrice: 9.5))
    }

    @Test(arguments: [#""3.0""#, #""3.5""#, #""abc""#, #""99999999999999999999""#])
    func anIntegerFieldTakesOnlyIntegerTextUnlessIntegralFloatsAreAllowedToo(_ text: String) throws {
        let body = Array(#"{"orderId":\#(text),"unitPrice":1}"#.utf8)
        #expect {
            try RubyJSONDecoder(acceptsNumbersInStrings: true).decode(Line.self, from: body)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["orderId"] && context.debugDescription.contains(text)
        }
        let both = RubyJSONDecoder(acceptsIntegralFloatsForIntegers: true, acceptsNumbersInStrings: true)
        if text == #""3.0""# { #expect(try both.decode(Line.self, from: body).orderId == 3) }
    }

    @Test func aTooBigIntegerInAStringSaysItDoesNotFit() {
        #expect {
            try RubyJSONDecoder(acceptsNumbersInStrings: true).decode([Int8].self, from: Array(#"["300"]"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription.contains("does not fit in -128…127")
        }
    }

    // MARK: Key strategies

    @Test(arguments: [
        ("orderId", "order_id"), ("shippingURL", "shipping_url"), ("myURLValue", "my_url_value"), ("id", "id"),
        ("line2Total", "line2_total"), ("_privateId", "_private_id"), ("already_snake", "already_snake")
    ])
    func camelCaseBecomesSnakeCase(_ swift: String, _ ruby: String) {
        #expect(RubyJSONKeyStrategy.snakeCase.rubyKey(swift) == ruby)
        #expect(RubyJSONKeyStrategy.useDefaultKeys.rubyKey(swift) == swift)
    }

    @Test(arguments: [
        ("order_id", "orderId"), ("shipping_url", "shippingUrl"), ("_private_id", "_privateId"), ("id", "id"),
        ("trailing_", "trailing_"), ("a__b", "aB"), ("camelAlready", "camelAlready")
    ])
    func snakeCaseBecomesCamelCase(_ ruby: String, _ swift: String) {
        #expect(RubyJSONKeyStrategy.snakeCase.swiftKey(ruby) == swift)
    }

    @Test func snakeCaseKeysRoundTripThroughEncoderAndDecoder() throws {
        let line = Line(orderId: 7, unitPrice: 2.5, giftNote: "hi")
        let bytes = try RubyJSONEncoder(keyStrategy: .snakeCase).encode(line)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"order_id":7,"unit_price":2.5,"gift_note":"hi"}"#)
        #expect(try RubyJSONDecoder(keyStrategy: .snakeCase).decode(Line.self, from: bytes) == line)
        #expect(throws: DecodingError.self) { try RubyJSONDecoder().decode(Line.self, from: bytes) }
    }

    @Test func theKeyStrategyLeavesJSONValuesAsTheyAre() throws {
        struct Envelope: Codable, Equatable {
            var orderId: Int
            var rubyExtras: JSONValue
        }
        let envelope = Envelope(orderId: 1, rubyExtras: ["created_by": "ruby"])
        let text = try RubyJSONEncoder(keyStrategy: .snakeCase).encodeToString(envelope)
        #expect(text == #"{"order_id":1,"ruby_extras":{"created_by":"ruby"}}"#)
        #expect(try RubyJSONDecoder(keyStrategy: .snakeCase).decode(Envelope.self, from: Array(text.utf8)) == envelope)
    }

    // MARK: nil as null

    @Test func nilOptionalsAreLeftOutByDefaultAndWrittenAsNullWhenAsked() throws {
        struct Optionals: Encodable {
            var id = 1
            var note: String? = nil
            var count: Int? = nil
            var nested: [String]? = nil
            var present: Double? = 1.5
        }
        #expect(try RubyJSONEncoder().encodeToString(Optionals()) == #"{"id":1,"present":1.5}"#)
        let withNulls = try RubyJSONEncoder(writesNilAsNull: true).encodeToString(Optionals())
        #expect(withNulls == #"{"id":1,"note":null,"count":null,"nested":null,"present":1.5}"#)
        let both = try RubyJSONEncoder(keyStrategy: .snakeCase, writesNilAsNull: true).encodeToString(Line(orderId: 1, unitPrice: 1))
        #expect(both == #"{"order_id":1,"unit_price":1.0,"gift_note":null}"#)
    }
}
