import HutchTestSupport
import Testing

@testable import HutchConventions

@Suite struct RubyFloatFormatTests {
    /// `Float#to_s` for every recorded double.
    @Test func matchesRubyFloatToS() async {
        #expect(RubyFixtures.floats.count > 1000)
        await checkEveryCase(RubyFixtures.floats, named: \.testDescription) { entry in
            #expect(RubyFloatFormat.string(entry.value) == entry.to_s, "\(entry.testDescription)")
        }
    }

    /// Ruby's text reads back to the same double, through our parser.
    @Test func rubyTextReadsBack() async {
        await checkEveryCase(RubyFixtures.floats, named: \.testDescription) { entry in
            let parsed = try RubyJSON.parse(entry.to_s)
            #expect(parsed == .float(entry.value), "\(entry.testDescription)")
        }
    }

    /// Floats at the limits of the writer's plain fast path (at least 0.0001, below 10¹⁵, at
    /// most 15 digits) and just past them, as `ruby -rjson -e 'puts JSON.generate([…])'`
    /// (json 2.6.1) prints them.
    @Test func floatsAtTheLimitsOfThePlainFastPath() throws {
        let ruby: [(Double, String)] = [
            (0.0001, "0.0001"), (0.00012, "0.00012"), (0.000123456789012345, "0.000123456789012345"),
            (0.00009999999999999999, "9.999999999999999e-05"), (123456789012345.6, "123456789012345.6"),
            (999_999_999_999_999.9, "999999999999999.9"), (1e15 - 1, "999999999999999.0"), (1e15, "1.0e+15"),
            (12345678901234.56, "12345678901234.56"), (99.95, "99.95"), (-0.5, "-0.5"), (100.0, "100.0"),
            (0.1 + 0.2, "0.30000000000000004")
        ]
        for (value, text) in ruby {
            #expect(try RubyJSON.generateString(.float(value)) == text)
        }
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
