import HutchTestSupport
import Testing

@testable import HutchConventions

@Suite struct RubyJSONGenerateTests {
    /// `JSON.generate` and `MultiJson.dump` of every recorded value: same bytes or
    /// the same exception class.
    @Test func generateMatchesRuby() async {
        #expect(RubyFixtures.generate.count > 300)
        await checkEveryCase(RubyFixtures.generate, named: \.name) { entry in
            let result = Result { () throws(RubyJSONError) in try RubyJSON.generate(entry.value.jsonValue) }
            for ruby in [entry.json_generate, entry.multi_json_dump] {
                switch (ruby.ok, result) {
                case (true, .success(let output)):
                    #expect(output == bytes(hex: ruby.hex ?? ""), "\(entry.name)")
                case (false, .failure(let error)):
                    #expect(error.rubyClassName == ruby.error_class, "\(entry.name)")
                case (true, .failure(let error)):
                    Issue.record("\(entry.name): Ruby writes \(ruby.hex ?? ""), we throw \(error)")
                case (false, .success(let output)):
                    Issue.record(
                        "\(entry.name): Ruby raises \(ruby.error_class ?? "?"), we write \(String(decoding: output, as: UTF8.self))")
                }
            }
        }
    }
}
