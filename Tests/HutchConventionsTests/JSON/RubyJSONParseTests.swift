import Testing

@testable import HutchConventions

@Suite struct RubyJSONParseTests {
    /// `JSON.parse` on every recorded text: same acceptance, same value (classes, float
    /// bits, string bytes, key order), same exception class.
    @Test(arguments: RubyFixtures.parse)
    func jsonParseMatchesRuby(_ entry: ParseCase) {
        check(entry.json_parse, against: Result { () throws(RubyJSONError) in try RubyJSON.parse(entry.inputBytes) })
    }

    /// `MultiJson.load` on every recorded text.
    @Test(arguments: RubyFixtures.parse)
    func multiJSONLoadMatchesRuby(_ entry: ParseCase) {
        check(entry.multi_json_load, against: Result { () throws(RubyJSONError) in try RubyJSON.multiJSONLoad(entry.inputBytes) })
    }

    /// Ruby's `inspect` of what it parsed, rendered from our value.
    @Test(arguments: RubyFixtures.parse.filter { $0.json_parse.ok && $0.name != Self.invalidKeyCase })
    func inspectOfParsedValueMatchesRuby(_ entry: ParseCase) throws {
        let value = try RubyJSON.parse(entry.inputBytes)
        let expected = String(decoding: bytes(hex: entry.json_parse.inspect ?? ""), as: UTF8.self)
        #expect(value.rubyInspect == expected)
    }

    /// The one documented difference: JSONObject keys are Swift Strings, so an object
    /// key that is not valid UTF-8 is kept with U+FFFD where Ruby keeps the raw bytes
    /// (Ruby prints `{"k\xFF"=>1}`, the model `{"k\u{FFFD}"=>1}`). String values keep
    /// their bytes (``JSONValue/binaryString(_:)``).
    static let invalidKeyCase = "utf8:key-invalid"

    @Test func invalidUTF8ObjectKeyIsReplacedNotKept() throws {
        let entry = try #require(RubyFixtures.parse.first { $0.name == Self.invalidKeyCase })
        let value = try RubyJSON.parse(entry.inputBytes)
        let rubyInspect = String(decoding: bytes(hex: entry.json_parse.inspect ?? ""), as: UTF8.self)
        #expect(rubyInspect.contains("\\x"))
        #expect(value.objectValue?.keys.first?.unicodeScalars.contains("\u{FFFD}") == true)
        #expect(value.rubyInspect != rubyInspect)
    }

    private func check(_ ruby: Outcome, against result: Result<JSONValue, RubyJSONError>) {
        switch (ruby.ok, result) {
        case (true, .success(let value)):
            #expect(value == ruby.value?.jsonValue)
            #expect(value.rubyClassName == ruby.class)
        case (false, .failure(let error)):
            #expect(error.rubyClassName == ruby.error_class)
            #expect(error.offset != nil)
            #expect(error.expected != nil && error.found != nil)
        case (true, .failure(let error)):
            Issue.record("Ruby accepts, we refuse: \(error)")
        case (false, .success(let value)):
            Issue.record("Ruby raises \(ruby.error_class ?? "?"), we return \(value.rubyInspect)")
        }
    }
}
