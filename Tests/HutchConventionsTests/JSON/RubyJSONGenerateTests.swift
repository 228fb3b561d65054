import Testing

@testable import HutchConventions

@Suite struct RubyJSONGenerateTests {
    /// `JSON.generate` and `MultiJson.dump` of every recorded value: same bytes or
    /// the same exception class.
    @Test(arguments: RubyFixtures.generate)
    func generateMatchesRuby(_ entry: GenerateCase) {
        let result = Result { () throws(RubyJSONError) in try RubyJSON.generate(entry.value.jsonValue) }
        for ruby in [entry.json_generate, entry.multi_json_dump] {
            switch (ruby.ok, result) {
            case (true, .success(let output)):
                #expect(output == bytes(hex: ruby.hex ?? ""))
            case (false, .failure(let error)):
                #expect(error.rubyClassName == ruby.error_class)
            case (true, .failure(let error)):
                Issue.record("Ruby writes \(ruby.hex ?? ""), we throw \(error)")
            case (false, .success(let output)):
                Issue.record("Ruby raises \(ruby.error_class ?? "?"), we write \(String(decoding: output, as: UTF8.self))")
            }
        }
    }
}
