import HutchTestSupport
import Testing

@testable import HutchConventions

@Suite struct RubyJSONParseTests {
    /// `JSON.parse` on every recorded text: same acceptance, same value (classes, float
    /// bits, string bytes, key order), same exception class.
    @Test func jsonParseMatchesRuby() async {
        #expect(RubyFixtures.parse.count > 500)
        await checkEveryCase(RubyFixtures.parse, named: \.name) { entry in
            check(entry.json_parse, against: Result { () throws(RubyJSONError) in try RubyJSON.parse(entry.inputBytes) }, entry.name)
        }
    }

    /// `MultiJson.load` on every recorded text.
    @Test func multiJSONLoadMatchesRuby() async {
        await checkEveryCase(RubyFixtures.parse, named: \.name) { entry in
            check(
                entry.multi_json_load, against: Result { () throws(RubyJSONError) in try RubyJSON.multiJSONLoad(entry.inputBytes) },
                entry.name)
        }
    }

    /// Ruby's `inspect` of what it parsed, rendered from our value.
    @Test func inspectOfParsedValueMatchesRuby() async {
        let parsed = RubyFixtures.parse.filter { $0.json_parse.ok && $0.name != Self.invalidKeyCase }
        #expect(parsed.count > 300)
        await checkEveryCase(parsed, named: \.name) { entry in
            let value = try RubyJSON.parse(entry.inputBytes)
            let expected = String(decoding: bytes(hex: entry.json_parse.inspect ?? ""), as: UTF8.self)
            #expect(value.rubyInspect == expected, "\(entry.name)")
        }
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

    private func check(_ ruby: Outcome, against result: Result<JSONValue, RubyJSONError>, _ name: String) {
        switch (ruby.ok, result) {
        case (true, .success(let value)):
            #expect(value == ruby.value?.jsonValue, "\(name)")
            #expect(value.rubyClassName == ruby.class, "\(name)")
        case (false, .failure(let error)):
            #expect(error.rubyClassName == ruby.error_class, "\(name)")
            #expect(error.offset != nil, "\(name)")
            #expect(error.expected != nil && error.found != nil, "\(name)")
        case (true, .failure(let error)):
            Issue.record("\(name): Ruby accepts, we refuse: \(error)")
        case (false, .success(let value)):
            Issue.record("\(name): Ruby raises \(ruby.error_class ?? "?"), we return \(value.rubyInspect)")
        }
    }
}
