import HutchTestSupport
import Testing

@testable import HutchConventions

/// The writer's strings (written into its own buffer, eight bytes at a time where none
/// needs an escape) against the json gem's escaping rule written out byte by byte.
@Suite struct RubyJSONWriterEscapeTests {
    /// The json gem's rule, one byte at a time: `"` and `\` get a backslash, the C0
    /// controls `\b \t \n \f \r` or `\u00xx`, every other byte is written as it is.
    static func reference(_ text: String) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): output += Array("\\\\".utf8)
            case 0x08: output += Array("\\b".utf8)
            case 0x09: output += Array("\\t".utf8)
            case 0x0A: output += Array("\\n".utf8)
            case 0x0C: output += Array("\\f".utf8)
            case 0x0D: output += Array("\\r".utf8)
            case 0..<0x20: output += Array("\\u00".utf8) + Array(String(byte, radix: 16).leftPadded(to: 2).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
        return output
    }

    /// Every byte that needs an escape, and its neighbours that do not (`!` and `#` around
    /// `"`, `[` and `]` around `\`, DEL, a non-ASCII letter).
    static let specials: [String] =
        (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + [
            "\"", "\\", "!", "#", "[", "]", " ", "\u{7F}", "é", "€", "😀"
        ]

    @Test func eachSpecialAtEachPositionOfShortAndLongStrings() throws {
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 24, 31] {
            for position in 0...length {
                for special in Self.specials {
                    var characters = Array(repeating: "a", count: length)
                    characters.insert(special, at: position)
                    let text = characters.joined()
                    #expect(try RubyJSON.generate(.string(text)) == Self.reference(text), "\(text.debugDescription)")
                }
            }
        }
    }

    /// Every length around the copy's word sizes (one byte, two and four read from both
    /// ends, whole words and an overlapping last word) with each special at each position,
    /// as a value and as the keys of an object (written with their comma and colon).
    @Test func eachLengthOfTheWordCopyWithASpecialAnywhere() throws {
        for length in 0...26 {
            var texts = [String(repeating: "b", count: length)]
            for position in 0..<max(length, 1) {
                for special in Self.specials {
                    var characters = Array(repeating: "b", count: max(length, 1))
                    characters[position] = special
                    texts.append(characters.joined())
                }
            }
            for text in texts {
                let quoted = Self.reference(text)
                #expect(try RubyJSON.generate(.string(text)) == quoted, "\(text.debugDescription)")
                let first: JSONValue = .object(JSONObject([(text, .int(1)), ("~", .int(2))]))
                let second: JSONValue = .object(JSONObject([("~", .int(2)), (text, .int(1))]))
                #expect(try RubyJSON.generate(first) == Array("{".utf8) + quoted + Array(":1,\"~\":2}".utf8))
                #expect(try RubyJSON.generate(second) == Array("{\"~\":2,".utf8) + quoted + Array(":1}".utf8))
            }
        }
    }

    /// The word test against the byte test: each byte value in each lane of a word of
    /// letters, and random words.
    @Test func wordTestFindsExactlyTheBytesThatNeedAnEscape() {
        let letters: UInt64 = 0x6161_6161_6161_6161
        for byte in UInt8.min...UInt8.max {
            for lane in 0..<8 {
                let shift = UInt64(lane * 8)
                let word = letters & ~(0xFF << shift) | UInt64(byte) << shift
                #expect(RubyJSONWriter.hasEscape(word) == RubyJSONWriter.needsEscape(byte), "byte \(byte) in lane \(lane)")
            }
        }
        var generator = SeededGenerator(state: 0x5EED_0013)
        for _ in 0..<20_000 {
            // Bytes mostly from a range around the specials, so that both answers come up.
            let lanes = (0..<8).map { _ in UInt8.random(in: 0x18...0x64, using: &generator) | (Bool.random(using: &generator) ? 0x80 : 0) }
            let word = lanes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64($1.offset * 8) }
            #expect(RubyJSONWriter.hasEscape(word) == lanes.contains(where: RubyJSONWriter.needsEscape), "\(lanes)")
        }
    }

    @Test func randomStringsAndObjectKeys() throws {
        var generator = SeededGenerator(state: 0x5EED_0012)
        let alphabet = Self.specials + ["a", "b", "z", "0", "9", "-", "_", "Zoë", "Müller"]
        for _ in 0..<2_000 {
            let count = Int.random(in: 0..<60, using: &generator)
            let text = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(try RubyJSON.generate(.string(text)) == Self.reference(text))
            let object: JSONValue = .object(JSONObject([(text, .string(text))]))
            #expect(
                try RubyJSON.generate(object)
                    == [UInt8(ascii: "{")] + Self.reference(text) + [UInt8(ascii: ":")] + Self.reference(text) + [UInt8(ascii: "}")])
        }
    }

    @Test func outputLongerThanTheFirstBufferGrowsIt() throws {
        // 20,000 characters, a third of them escaped to six bytes: far past the writer's
        // first 512 bytes, grown in the middle of strings and between values.
        let text = String(repeating: "ab\u{1}", count: 6_667)
        let array: JSONValue = .array(Array(repeating: .string(text), count: 3) + [.integer(JSONInteger(Int64.min)), .float(-1.5e-300)])
        let expected =
            [UInt8(ascii: "[")]
            + Array([Self.reference(text), Self.reference(text), Self.reference(text)].joined(separator: [UInt8(ascii: ",")]))
            + Array(",-9223372036854775808,-1.5e-300]".utf8)
        #expect(try RubyJSON.generate(array) == expected)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
