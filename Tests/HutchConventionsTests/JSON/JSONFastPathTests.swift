@testable import HutchConventions
import Testing

/// The fast paths of the parser and writer give what the general ones give: floats read
/// with one exact IEEE operation (`ExactDecimal`) are the doubles `strtod` returns
/// (Swift's `Double(String)`, which the parser used for every float before), and
/// integers written without a `String` have `String(value)`'s digits.
@Suite struct JSONFastPathTests {
    /// A fixed-seed generator (SplitMix64), so every run checks the same texts.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Parses `text` and expects the Float `strtod` gives, bit for bit.
    func expectStrtod(_ text: String) throws {
        let expected = try #require(Double(text), "\(text)")
        let parsed = try RubyJSON.parse(text)
        guard case .float(let value) = parsed else {
            Issue.record("\(text) parsed as \(parsed), not a Float")
            return
        }
        #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) against strtod's \(expected)")
    }

    @Test func edgeCasesReadAsStrtodReadsThem() throws {
        let texts = [
            "0.0", "-0.0", "0.000e5", "-0e-3", "0.1", "0.2", "0.3", "4.35", "99.95", "19.99", "59.97",
            "1e22", "1e23", "-1e22", "1.5e-22", "1e-23", "123e-22", "9007199254740992.0", "9007199254740993.0",
            "9007199254740993e-3", "1234567890123456789.0", "12345678901234567890.0", "0.00000000000000000001",
            "1.7976931348623157e308", "2.2250738585072014e-308", "5e-324", "1e400", "-1e400", "1e-400",
            "1.00000000000000000000000000001", "3.141592653589793", "2.718281828459045e0", "1E+2", "1e+022",
            "0.0000000000000000000000000000000000001e37",
        ]
        for text in texts { try expectStrtod(text) }
    }

    @Test func randomDecimalsReadAsStrtodReadsThem() throws {
        var generator = SeededGenerator(state: 12)
        for _ in 0..<20_000 {
            let digitCount = Int.random(in: 1...20, using: &generator)
            let digits = String((0..<digitCount).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let point = Int.random(in: 1...digits.count, using: &generator)
            // JSON allows no leading zero before other integral digits.
            let integral = digits.prefix(point).drop { $0 == "0" }
            let fraction = digits.dropFirst(point)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += integral.isEmpty ? "0" : String(integral)
            text += "." + (fraction.isEmpty ? "0" : String(fraction))
            if Int.random(in: 0..<3, using: &generator) == 0 {
                text += "e\(Int.random(in: -30...30, using: &generator))"
            }
            try expectStrtod(text)
        }
    }

    @Test func integersAreWrittenWithTheirDecimalDigits() throws {
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        var generator = SeededGenerator(state: 34)
        for _ in 0..<1_000 { values.append(Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...62, using: &generator)) }
        for value in values {
            #expect(try RubyJSON.generateString(.int(value)) == String(value))
        }
    }

    /// The digits and exponent `RubyFloatFormat.withFewDigits` gives, or `nil`.
    static func fewDigits(_ value: Double) -> (String, Int)? {
        RubyFloatFormat.withFewDigits(of: value) { digits, exponent in (String(decoding: digits, as: UTF8.self), exponent) }
    }

    /// The digits and exponent read from Swift's `description` (the general path).
    static func describedDigits(_ value: Double) -> (String, Int) {
        RubyFloatFormat.withDescribedDigits(of: value) { digits, exponent in (String(decoding: digits, as: UTF8.self), exponent) }
    }

    @Test func floatsWithFewDigitsAreWrittenWithTheDescribedDigits() throws {
        var values: [Double] = [
            99.95, 19.99, 59.97, 0.1, 0.2, 0.3, 1.0, 100.0, 123456.0, 0.001, 1e-5, 1e-22, 1.5e-22, 1e-23, 999999999999999.0,
            1e15, 1e15 - 1, 0.1 + 0.2, 1 / 3, 2.5e-7, 4.35, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
            9007199254740993, 123456789012345.6, 12345678901234.56, 0.000123456789012345, 7.0e-10, 3.0e14,
        ]
        var generator = SeededGenerator(state: 56)
        for _ in 0..<30_000 {
            // Decimal text of 1 to 17 significant digits at a random scale: mostly few digits.
            let digitCount = Int.random(in: 1...17, using: &generator)
            var significand: UInt64 = 0
            for _ in 0..<digitCount { significand = significand * 10 + UInt64.random(in: 0...9, using: &generator) }
            let value = Double("\(significand)e\(Int.random(in: -30...16, using: &generator))")!
            values.append(value)
        }
        for _ in 0..<10_000 { values.append(Double(bitPattern: UInt64.random(in: 0 ... 0x7FEF_FFFF_FFFF_FFFF, using: &generator))) }
        var fewCount = 0
        for value in values where value > 0 && value.isFinite {
            let described = Self.describedDigits(value)
            guard let few = Self.fewDigits(value) else { continue }
            fewCount += 1
            #expect(few == described, "\(value): \(few) against the described \(described)")
        }
        #expect(fewCount > 15_000, "only \(fewCount) values took the short path")
    }
}
