import HutchTestSupport
import Testing

@testable import HutchConventions

/// ``RubyUTF8/string(validating:)`` (the parser's and the AMQP strings' check without the
/// standard library's generic validation) against `String(validating:as:)`.
@Suite struct RubyUTF8ValidationTests {
    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var generator = SeededGenerator(state: 0x0017_F8A1)
        // Bytes around the edges of every rule: ASCII, continuation bytes, each lead byte
        // range with its special second bytes (overlongs, surrogates, above U+10FFFF).
        let pool: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1,
            0xF3, 0xF4, 0xF5, 0xFF
        ]
        for _ in 0..<50_000 {
            let bytes = (0..<Int.random(in: 0..<9, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            let ours = bytes.withUnsafeBufferPointer(RubyUTF8.string(validating:))
            #expect(ours == String(validating: bytes, as: UTF8.self), "\(bytes)")
        }
    }

    @Test func validTextIsTakenAsItIs() {
        for text in ["", "Zoë Müller", "€ 5", "😀 ok", "\u{10FFFF}", "\u{D7FF}\u{E000}"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer(RubyUTF8.string(validating:)) == text)
        }
    }
}
