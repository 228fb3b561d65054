import HutchConventions
import Testing

@Suite struct RubyJSONErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: String
        var found: String
        var offset: Int
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: "[1,]", expected: "a JSON value", found: "']' (0x5D)", offset: 3),
        Case(text: "[1 2]", expected: "',' or ']'", found: "'2' (0x32)", offset: 3),
        Case(text: "{\"a\" 1}", expected: "':'", found: "'1' (0x31)", offset: 5),
        Case(text: "{1:2}", expected: "a string key", found: "'1' (0x31)", offset: 1),
        Case(text: "01", expected: "no digit after a leading zero", found: "'1' (0x31)", offset: 1),
        Case(text: "1.", expected: "a digit after '.'", found: "end of input", offset: 2),
        Case(text: "\"abc", expected: "'\"' to close the string opened at byte 0", found: "end of input", offset: 4),
        Case(
            text: "\"a\nb\"", expected: "a string character (control characters must be escaped)",
            found: "line feed (0x0A)", offset: 2),
        Case(text: "", expected: "a JSON value", found: "end of input", offset: 0),
        Case(
            text: "1 // no newline", expected: "a line feed to end the '//' comment opened at byte 2",
            found: "end of input", offset: 15),
        Case(text: "NaN", expected: "a JSON value", found: "'N' (0x4E)", offset: 0)
    ]

    @Test(arguments: cases)
    func saysWhatWasExpectedFoundAndWhere(_ c: Case) {
        #expect {
            try RubyJSON.parse(c.text)
        } throws: { error in
            guard let e = error as? RubyJSONError else { return false }
            #expect(e.expected == c.expected)
            #expect(e.found == c.found)
            #expect(e.offset == c.offset)
            #expect(e.rubyClassName == "JSON::ParserError")
            #expect(e.description.contains("at byte \(c.offset)"))
            return true
        }
    }

    @Test func classNames() {
        #expect(throws: RubyJSONError.self) { try RubyJSON.parse(String(repeating: "[", count: 101)) }
        do {
            _ = try RubyJSON.parse(String(repeating: "[", count: 101) + String(repeating: "]", count: 101))
            Issue.record("expected a nesting error")
        } catch {
            #expect(error.rubyClassName == "JSON::NestingError")
        }
        do {
            _ = try RubyJSON.multiJSONLoad(Array("x".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.rubyClassName == "MultiJson::ParseError")
            #expect(error.jsonGemClassName == "JSON::ParserError")
            #expect(error.viaMultiJSON)
        }
        do {
            _ = try RubyJSON.generate(.float(.nan))
            Issue.record("expected an error")
        } catch {
            #expect(error.rubyClassName == "JSON::GeneratorError")
        }
    }
}
