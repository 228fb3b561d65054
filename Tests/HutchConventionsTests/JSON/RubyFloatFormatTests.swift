import Testing

@testable import HutchConventions

@Suite struct RubyFloatFormatTests {
    /// `Float#to_s` for every recorded double.
    @Test(arguments: RubyFixtures.floats)
    func matchesRubyFloatToS(_ entry: FloatCase) {
        #expect(RubyFloatFormat.string(entry.value) == entry.to_s)
    }

    /// Ruby's text reads back to the same double, through our parser.
    @Test(arguments: RubyFixtures.floats)
    func rubyTextReadsBack(_ entry: FloatCase) throws {
        let parsed = try RubyJSON.parse(entry.to_s)
        #expect(parsed == .float(entry.value))
    }

    @Test func specialValues() {
        #expect(RubyFloatFormat.string(.nan) == "NaN")
        #expect(RubyFloatFormat.string(.infinity) == "Infinity")
        #expect(RubyFloatFormat.string(-.infinity) == "-Infinity")
        #expect(RubyFloatFormat.string(-0.0) == "-0.0")
        #expect(RubyFloatFormat.string(1e15) == "1.0e+15")
        #expect(RubyFloatFormat.string(1e16) == "1.0e+16")
        #expect(RubyFloatFormat.string(100_000_000_000_000) == "100000000000000.0")
        #expect(RubyFloatFormat.string(0.0001) == "0.0001")
        #expect(RubyFloatFormat.string(0.00001) == "1.0e-05")
    }
}
