import Testing

/// Guards against a fixture file that failed to load (every parameterised test would
/// then run zero cases and pass).
@Suite struct RubyFixturesTests {
    @Test func fixtureFileLoads() throws {
        let document = try #require(RubyFixtures.document)
        #expect(document.generated_by.hasPrefix("ruby 3.1.2, json 2.6.1, multi_json 1.14.1"))
        #expect(document.floats.count > 2000)
        #expect(document.parse.count > 500)
        #expect(document.generate.count > 300)
        #expect(document.inspect.count > 900)
    }
}
