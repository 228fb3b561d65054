import Foundation
import HutchTestSupport
import Testing

@testable import HutchConventions

/// The parser that reads bytes in place gives exactly what the parser before it gave
/// (``ReferenceRubyJSONParser``): the same value — classes, key bytes and order, float
/// bits, string bytes — or the same error (kind, offset, what was expected, what was
/// found), over the Ruby fixtures, the bodies of the recorded Ruby cases and seeded
/// random documents, valid and mutated.
///
/// The tests are async and yield between documents: thousands of parses (seconds of CPU in a
/// debug build) on one of the cooperative pool's threads — two on a 2-core machine — kept the
/// live tests' tasks queued behind them past their time limits (the suite run beside the
/// test cluster's three brokers).
@Suite struct JSONParserDifferentialTests {
    /// Both parsers on `bytes`; records an issue naming `label` when they differ. Returns
    /// whether the current parser accepted the document.
    @discardableResult
    static func expectSameOutcome(_ bytes: [UInt8], _ label: @autoclosure () -> String) -> Bool {
        let current = Result { () throws(RubyJSONError) in try RubyJSON.parse(bytes) }
        var reference = ReferenceRubyJSONParser(bytes)
        let expected = Result { () throws(RubyJSONError) in try reference.parseDocument() }
        switch (current, expected) {
        case (.success(let value), .success(let old)):
            #expect(identical(value, old), "\(label()): \(value.rubyInspect) against \(old.rubyInspect)")
        case (.failure(let error), .failure(let old)):
            #expect(error == old, "\(label()): \(error) against \(old)")
        case (.success(let value), .failure(let old)):
            Issue.record("\(label()): now \(value.rubyInspect), before \(old)")
        case (.failure(let error), .success(let old)):
            Issue.record("\(label()): now \(error), before \(old.rubyInspect)")
        }
        return (try? current.get()) != nil
    }

    /// Structural identity, stricter than `==`: object keys are compared by their bytes
    /// (`==` on Swift strings treats canonically equivalent spellings as equal).
    static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count
                && zip(x.pairs, y.pairs).allSatisfy { Array($0.key.utf8) == Array($1.key.utf8) && identical($0.value, $1.value) }
        case (.string(let x), .string(let y)):
            return Array(x.utf8) == Array(y.utf8)
        default:
            return a == b
        }
    }

    @Test func rubyFixtureTextsParseAsBefore() async {
        #expect(RubyFixtures.parse.count > 700)
        await checkEveryCase(RubyFixtures.parse, named: \.name) { entry in
            Self.expectSameOutcome(entry.inputBytes, "fixture \(entry.name)")
        }
    }

    /// Every `body_base64` of the recorded Ruby cases, and each case file itself.
    @Test func recordedBodiesParseAsBefore() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../ruby-fixtures/recorded").standardizedFileURL
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        #expect(files.count > 300, "case files under \(root.path)")
        var bodies = 0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            Self.expectSameOutcome(bytes, file.lastPathComponent)
            for encoded in Self.bodies(in: try RubyJSON.parse(bytes)) {
                guard let body = Data(base64Encoded: encoded) else { continue }
                bodies += 1
                Self.expectSameOutcome([UInt8](body), "body in \(file.lastPathComponent)")
            }
            await Task.yield()
        }
        #expect(bodies > 300)
    }

    static func bodies(in value: JSONValue) -> [String] {
        switch value {
        case .array(let elements): return elements.flatMap { bodies(in: $0) }
        case .object(let object):
            return object.pairs.flatMap { pair -> [String] in
                if pair.key == "body_base64", case .string(let text) = pair.value { return [text] }
                return bodies(in: pair.value)
            }
        default: return []
        }
    }

    @Test func randomDocumentsParseAsBefore() async {
        var generator = SeededGenerator(state: 2026)
        var accepted = 0
        for round in 0..<4_000 {
            var document: [UInt8] = []
            RandomJSON.appendValue(to: &document, depth: 0, &generator)
            if Bool.random(using: &generator) { RandomJSON.appendIgnored(to: &document, &generator) }
            if Self.expectSameOutcome(document, "random document \(round): \(String(decoding: document, as: UTF8.self))") {
                accepted += 1
            }
            await Task.yield()
        }
        // Both sides are exercised: documents read (most) and refused (lone surrogates at a
        // string's end, numbers with a leading zero).
        #expect(accepted > 2_000 && accepted < 4_000, "\(accepted) of 4,000 accepted")
    }

    @Test func mutatedDocumentsFailOrParseAsBefore() async {
        var generator = SeededGenerator(state: 7)
        var accepted = 0
        for round in 0..<6_000 {
            var document: [UInt8] = []
            RandomJSON.appendValue(to: &document, depth: 0, &generator)
            for _ in 0..<Int.random(in: 1...3, using: &generator) { RandomJSON.mutate(&document, &generator) }
            if Self.expectSameOutcome(document, "mutated document \(round): \(document)") { accepted += 1 }
            await Task.yield()
        }
        #expect(accepted > 300 && accepted < 5_700, "\(accepted) of 6,000 accepted")
    }

    @Test func randomBytesFailOrParseAsBefore() async {
        var generator = SeededGenerator(state: 99)
        for round in 0..<3_000 {
            let count = Int.random(in: 0...24, using: &generator)
            // Mostly bytes that mean something to JSON, with any byte now and then.
            let alphabet =
                Array("{}[]\",:\\/*-+.0123456789eEtrufalsn \n\tu\u{7F}".utf8) + [0x00, 0x1F, 0xC3, 0xA9, 0xED, 0xA0, 0xF4, 0x90, 0xFF]
            let document = (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            Self.expectSameOutcome(document, "random bytes \(round): \(document)")
            await Task.yield()
        }
    }

    /// The parser reads contiguous bytes in place: a slice in the middle of a bigger buffer
    /// (its indices do not start at 0) and a collection without contiguous storage (copied
    /// first) give the value or the error (offsets from the body's own start) an Array gives.
    @Test func slicesAndNonContiguousBytesParseAsArraysDo() {
        let documents = ["{\"a\":[1,2.5,\"x\"]}", "[1,", "{\"a\" 1}", "\"\\uD800\"", "  12 x", "", "nul"]
        for text in documents {
            let bytes = Array(text.utf8)
            let framed = Array("[\"".utf8) + bytes + Array("\"]".utf8)
            let expected = Result { () throws(RubyJSONError) in try RubyJSON.parse(bytes) }
            let inSlice = Result { () throws(RubyJSONError) in try RubyJSON.parse(framed[2..<(2 + bytes.count)]) }
            let copied = Result { () throws(RubyJSONError) in try RubyJSON.parse(bytes.lazy.map { $0 }) }
            for other in [inSlice, copied] {
                switch (expected, other) {
                case (.success(let a), .success(let b)): #expect(Self.identical(a, b), "\(text)")
                case (.failure(let a), .failure(let b)): #expect(a == b, "\(text)")
                default: Issue.record("\(text): \(expected) against \(other)")
                }
            }
        }
    }

    /// A 50,000-key object (keys repeated, so the Hash's join of repeated keys is exercised
    /// past the size where lookups go through an index) and nesting at and past the limit.
    @Test func bigAndDeepDocumentsParseAsBefore() async {
        var object: [UInt8] = Array("{".utf8)
        for number in 0..<50_000 {
            if number > 0 { object.append(UInt8(ascii: ",")) }
            object.append(contentsOf: "\"k\(number % 40_000)\":\(number)".utf8)
        }
        object.append(UInt8(ascii: "}"))
        await Task.yield()
        Self.expectSameOutcome(object, "50,000 keys")
        await Task.yield()
        if case .object(let parsed)? = try? RubyJSON.parse(object) {
            #expect(parsed.count == 40_000)
            #expect(parsed["k7"] == .int(40_007))
        } else {
            Issue.record("the 50,000-key object did not parse")
        }
        for depth in [99, 100, 101, 5_000] {
            let nested = Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
            Self.expectSameOutcome(nested, "nesting \(depth)")
            await Task.yield()
        }
    }
}

/// Seeded random JSON-ish documents for the differential tests.
enum RandomJSON {
    typealias Generator = SeededGenerator

    static func pick<T>(_ choices: [T], _ generator: inout Generator) -> T {
        choices[Int.random(in: 0..<choices.count, using: &generator)]
    }

    /// White space and comments, as the json gem allows them between tokens.
    static func appendIgnored(to out: inout [UInt8], _ generator: inout Generator) {
        out.append(contentsOf: pick([" ", "\n", "\t\r ", "/* c */", "// line\n", "", " /**/ "], &generator).utf8)
    }

    static func appendValue(to out: inout [UInt8], depth: Int, _ generator: inout Generator) {
        let kind = Int.random(in: 0..<(depth < 4 ? 10 : 7), using: &generator)
        switch kind {
        case 0: out.append(contentsOf: pick(["true", "false", "null"], &generator).utf8)
        case 1, 2: appendNumber(to: &out, &generator)
        case 3...6: appendString(to: &out, &generator)
        case 7:
            out.append(UInt8(ascii: "["))
            for index in 0..<Int.random(in: 0...4, using: &generator) {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if Int.random(in: 0..<4, using: &generator) == 0 { appendIgnored(to: &out, &generator) }
                appendValue(to: &out, depth: depth + 1, &generator)
            }
            out.append(UInt8(ascii: "]"))
        default:
            out.append(UInt8(ascii: "{"))
            for index in 0..<Int.random(in: 0...5, using: &generator) {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendKey(to: &out, &generator)
                if Int.random(in: 0..<4, using: &generator) == 0 { appendIgnored(to: &out, &generator) }
                out.append(UInt8(ascii: ":"))
                appendValue(to: &out, depth: depth + 1, &generator)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Keys that repeat, in spellings that are equal as Swift strings but not as bytes.
    static func appendKey(to out: inout [UInt8], _ generator: inout Generator) {
        let key = pick(
            ["a", "b", "id", "K", "\u{212A}", "é", "e\u{301}", "\\u0061", "a\\\"b", "", "zoë", "\\ud83d\\ude00", "😀", "k\u{FF}"],
            &generator)
        out.append(UInt8(ascii: "\""))
        // "k\u{FF}" stands for a key whose last byte is 0xFF, not valid UTF-8.
        if key == "k\u{FF}" {
            out.append(contentsOf: [UInt8(ascii: "k"), 0xFF])
        } else {
            out.append(contentsOf: key.utf8)
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendNumber(to out: inout [UInt8], _ generator: inout Generator) {
        if Bool.random(using: &generator) { out.append(UInt8(ascii: "-")) }
        let digits = Int.random(in: 1...(Bool.random(using: &generator) ? 4 : 25), using: &generator)
        for index in 0..<digits {
            let low: UInt8 = index == 0 && digits > 1 ? 1 : 0
            out.append(UInt8(ascii: "0") + UInt8.random(in: low...9, using: &generator))
        }
        if Int.random(in: 0..<3, using: &generator) == 0 {
            out.append(UInt8(ascii: "."))
            for _ in 0..<Int.random(in: 1...20, using: &generator) {
                out.append(UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &generator))
            }
        }
        if Int.random(in: 0..<4, using: &generator) == 0 {
            out.append(contentsOf: pick(["e", "E", "e+", "e-", "E-"], &generator).utf8)
            out.append(contentsOf: "\(Int.random(in: 0...400, using: &generator))".utf8)
        }
    }

    static func appendString(to out: inout [UInt8], _ generator: inout Generator) {
        out.append(UInt8(ascii: "\""))
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            let piece: [UInt8]
            switch Int.random(in: 0..<12, using: &generator) {
            case 0: piece = Array(pick(["\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\x", "\\é"], &generator).utf8)
            case 1:
                let scalar = pick([0x41, 0xE9, 0x2028, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFF, 0x0000, 0x001F], &generator)
                let hex = String(scalar, radix: 16, uppercase: Bool.random(using: &generator))
                piece = Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            case 2: piece = Array(pick(["é", "zoë", "😀", "\u{212A}", "e\u{301}", "中文"], &generator).utf8)
            case 3: piece = [pick([0xFF, 0xC3, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0xE0, 0xC0, 0xAF], &generator)]
            default: piece = Array(pick(["a", "bc", "Hutch", " ", "1", "ord_8f3a2c", "'"], &generator).utf8)
            }
            out.append(contentsOf: piece)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Flips, inserts, deletes or duplicates bytes, or cuts the document short.
    static func mutate(_ document: inout [UInt8], _ generator: inout Generator) {
        guard !document.isEmpty else {
            document.append(UInt8.random(in: 0...255, using: &generator))
            return
        }
        let at = Int.random(in: 0..<document.count, using: &generator)
        let interesting = Array("{}[]\",:\\/*-.eu0 ".utf8) + [0x00, 0x80, 0xFF]
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: document[at] = UInt8.random(in: 0...255, using: &generator)
        case 1: document.insert(pick(interesting, &generator), at: at)
        case 2: document.remove(at: at)
        case 3: document.removeSubrange(at...)
        default: document.insert(contentsOf: document[at..<min(document.count, at + 4)], at: at)
        }
    }
}
