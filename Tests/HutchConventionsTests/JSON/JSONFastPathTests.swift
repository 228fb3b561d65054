import HutchTestSupport
import Testing

@testable import HutchConventions

/// The fast paths of the parser and writer give what the general ones give: floats read
/// with one exact IEEE operation (`ExactDecimal`) are the doubles `strtod` returns
/// (Swift's `Double(String)`, which the parser used for every float before), and
/// integers written without a `String` have `String(value)`'s digits.
@Suite struct JSONFastPathTests {

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
            "0.0000000000000000000000000000000000001e37"
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
        for _ in 0..<1_000 {
            values.append(Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...62, using: &generator))
        }
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
            9_007_199_254_740_993, 123456789012345.6, 12345678901234.56, 0.000123456789012345, 7.0e-10, 3.0e14
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
        for _ in 0..<10_000 { values.append(Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &generator))) }
        var fewCount = 0
        for value in values where value > 0 && value.isFinite {
            let described = Self.describedDigits(value)
            guard let few = Self.fewDigits(value) else { continue }
            fewCount += 1
            #expect(few == described, "\(value): \(few) against the described \(described)")
        }
        #expect(fewCount > 15_000, "only \(fewCount) values took the short path")
    }

    /// Ruby's `Float#to_s` layout of the general path's digits (Swift's `description`),
    /// written out here: plain with digits on both sides of the point, an integral value of
    /// at most 15 places as `digits…0.0`, `0.000digits` down to three zeros, else scientific.
    static func rubyLayout(_ value: Double) -> String {
        let (digits, exponent) = describedDigits(value.magnitude)
        let sign = value < 0 ? "-" : ""
        if exponent > 0, exponent < digits.count {
            return sign + digits.prefix(exponent) + "." + digits.dropFirst(exponent)
        } else if exponent > 0, exponent <= 15 {
            return sign + digits + String(repeating: "0", count: exponent - digits.count) + ".0"
        } else if exponent <= 0, exponent > -4 {
            return sign + "0." + String(repeating: "0", count: -exponent) + digits
        }
        let power = exponent - 1
        let magnitude = String(abs(power))
        return sign + digits.prefix(1) + "." + (digits.count > 1 ? String(digits.dropFirst()) : "0") + "e"
            + (power < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
    }

    /// Floats written straight from their few digits (`writePlainFewDigits`) read as the
    /// general path's digits laid out as Ruby does; values it gives up on (too many digits,
    /// below 0.0001, 10¹⁵ and above) are written by the general path, and are checked too.
    @Test func floatsWrittenFromFewDigitsAreLaidOutAsRubyLaysOutTheirDigits() {
        var values: [Double] = [
            99.95, 19.99, 59.97, 0.5, 1.0, 2.0, 10.0, 0.1, 0.0001, 0.00012, 0.000123456789012345, 0.00009999999999999999,
            0.001, 0.01, 1e-5, 1.5e-7, 123456.0, 100_000_000_000_000, 999_999_999_999_999, 999_999_999_999_999.9, 1e15,
            1e15 - 1, 123456789012345.6, 12345678901234.56, 1234567890.123456, 0.1 + 0.2, 1 / 3, 5e-324,
            1.7976931348623157e308, 4.35, 1e16, 1e22, 1e-22
        ]
        var generator = SeededGenerator(state: 90)
        for _ in 0..<30_000 {
            let digitCount = Int.random(in: 1...17, using: &generator)
            var significand: UInt64 = 0
            for _ in 0..<digitCount { significand = significand * 10 + UInt64.random(in: 0...9, using: &generator) }
            values.append(Double("\(significand)e\(Int.random(in: -26...3, using: &generator))")!)
        }
        var plainCount = 0
        var generalCount = 0
        for value in values + values.map(-) where value != 0 {
            #expect(RubyFloatFormat.string(value) == Self.rubyLayout(value), "\(value)")
            let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: RubyFloatFormat.maxTextCount) {
                RubyFloatFormat.writePlainFewDigits(value.magnitude, into: $0.baseAddress!)
            }
            if written == nil { generalCount += 1 } else { plainCount += 1 }
        }
        #expect(plainCount > 20_000 && generalCount > 10_000, "\(plainCount) plain, \(generalCount) by the general path")
    }

    /// The fields a keyed container reads in place (Bool, String, Double, the integers,
    /// `decodeIfPresent`), read either through the container's own methods or through a
    /// child decoder (`superDecoder(forKey:)`, the general path every other value takes).
    struct Fields: Decodable, Equatable {
        var flag: Bool
        var text: String
        var number: Double
        var small: Int8
        var unsigned: UInt64
        var integer: Int
        var note: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case flag, text, number, small, unsigned, integer, note }

        static let throughChildDecoders = CodingUserInfoKey(rawValue: "throughChildDecoders")!

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard decoder.userInfo[Self.throughChildDecoders] as? Bool == true else {
                flag = try container.decode(Bool.self, forKey: .flag)
                text = try container.decode(String.self, forKey: .text)
                number = try container.decode(Double.self, forKey: .number)
                small = try container.decode(Int8.self, forKey: .small)
                unsigned = try container.decode(UInt64.self, forKey: .unsigned)
                integer = try container.decode(Int.self, forKey: .integer)
                note = try container.decodeIfPresent(String.self, forKey: .note)
                return
            }
            func child(_ key: CodingKeys) throws -> any SingleValueDecodingContainer {
                // A missing key: the error the container's lookup of a child raises.
                if !container.contains(key) { _ = try container.nestedUnkeyedContainer(forKey: key) }
                return try container.superDecoder(forKey: key).singleValueContainer()
            }
            flag = try child(.flag).decode(Bool.self)
            text = try child(.text).decode(String.self)
            number = try child(.number).decode(Double.self)
            small = try child(.small).decode(Int8.self)
            unsigned = try child(.unsigned).decode(UInt64.self)
            integer = try child(.integer).decode(Int.self)
            if container.contains(.note) {
                let note = try child(.note)
                self.note = note.decodeNil() ? nil : try note.decode(String.self)
            } else {
                note = nil
            }
        }
    }

    /// An error by its description (type, coding path and text).
    struct Failure: Error, Equatable { var text: String }

    @Test func fieldsReadInPlaceAreReadAsChildDecodersReadThem() {
        let candidates: [JSONValue] = [
            .null, .bool(true), .bool(false), .int(0), .int(-1), .int(127), .int(128), .int(-129), .int(255),
            .int(Int64.max), .int(Int64.min), .integer(JSONInteger(UInt64.max)),
            .integer(JSONInteger(decimal: "1180591620717411303424")!), .float(1.5), .float(2.0), .float(-0.0),
            .float(1e300), .string("x"), .string("42"), .string("3.0"), .string("9.5"), .string("Zoë"),
            .binaryString([0xFF]), .array([.int(1)]), ["a": 1]
        ]
        let decoders = [
            RubyJSONDecoder(),
            RubyJSONDecoder(acceptsIntegralFloatsForIntegers: true, acceptsNumbersInStrings: true),
            RubyJSONDecoder(keyStrategy: .snakeCase)
        ]
        var generator = SeededGenerator(state: 78)
        var decodedCount = 0
        for round in 0..<6_000 {
            var object = JSONObject()
            for key in Fields.CodingKeys.allCases where Int.random(in: 0..<20, using: &generator) != 0 {
                // Mostly values of the field's own class, so that whole records decode too.
                let fitting: [Fields.CodingKeys: JSONValue] = [
                    .flag: .bool(true), .text: "t", .number: 2.5, .small: 7, .unsigned: 9, .integer: -3, .note: "n"
                ]
                object[key.rawValue] =
                    Int.random(in: 0..<3, using: &generator) == 0
                    ? candidates[Int.random(in: 0..<candidates.count, using: &generator)] : fitting[key]!
            }
            let value = JSONValue.object(object)
            let inPlace = decoders[round % decoders.count]
            var throughChildren = inPlace
            throughChildren.userInfo[Fields.throughChildDecoders] = true
            let read = Result { try inPlace.decode(Fields.self, from: value) }.mapError { Failure(text: "\($0)") }
            let reference = Result { try throughChildren.decode(Fields.self, from: value) }.mapError { Failure(text: "\($0)") }
            #expect(read == reference, "\(value.rubyInspect)")
            if case .success = read { decodedCount += 1 }
        }
        // Both outcomes are exercised: records that decode, and values that are refused.
        #expect(decodedCount > 500 && decodedCount < 5_500, "\(decodedCount) of 6000 decoded")
    }

    /// A random object as JSON text and as the value `Hash#[]=` builds from its pairs in
    /// order (``JSONObject/init(_:)``, String equality): keys repeat, are written plain,
    /// escaped (`\u0061`), non-ASCII, or in a spelling equal to another (`é` / `e\u{301}`,
    /// the Kelvin sign and `K`); values nest objects whose keys repeat the outer ones.
    static func randomObject(_ generator: inout SeededGenerator, depth: Int) -> (text: String, value: JSONValue) {
        let keys = ["a", "b", "id", "sku", "qty", "K", "\u{212A}", "é", "e\u{301}", "ab", "ba", "", "a\"b", "zoë"]
        var pairs: [(String, JSONValue)] = []
        var texts: [String] = []
        for _ in 0..<Int.random(in: 0...7, using: &generator) {
            let key = keys[Int.random(in: 0..<keys.count, using: &generator)]
            let written: String
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                // Every ASCII character escaped as \u00XX.
                written = key.unicodeScalars.map { scalar in
                    guard scalar.isASCII else { return String(scalar) }
                    let hex = String(scalar.value, radix: 16)
                    return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }.joined()
            default:
                written = key.map { $0 == "\"" ? "\\\"" : String($0) }.joined()
            }
            let value: (text: String, value: JSONValue)
            if depth < 3, Int.random(in: 0..<4, using: &generator) == 0 {
                value = randomObject(&generator, depth: depth + 1)
            } else {
                let number = Int64.random(in: 0...99, using: &generator)
                value = ("\(number)", .int(number))
            }
            pairs.append((key, value.value))
            texts.append("\"\(written)\":\(value.text)")
        }
        return ("{" + texts.joined(separator: ",") + "}", .object(JSONObject(pairs)))
    }

    @Test func objectKeysAreJoinedAsHashAssignmentJoinsThem() throws {
        var generator = SeededGenerator(state: 90)
        for _ in 0..<5_000 {
            let (text, expected) = Self.randomObject(&generator, depth: 0)
            let parsed = try RubyJSON.parse(text)
            #expect(parsed == expected, "\(text)")
        }
    }
}
