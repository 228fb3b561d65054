import HutchConventions
import Testing

@testable import HutchConformance

/// What the terminal shows: control characters escaped, and for bodies where they
/// differ (byte offset with context; JSON path with both values).
@Suite struct TerminalAndBodyTextTests {
    @Test func controlCharactersBecomeEscapes() {
        #expect(TerminalText.escape("a\u{1B}[2Jb\r\nc\td\u{7}\u{9B}e\u{202E}f") == #"a\e[2Jb\r\nc\td\u{7}\u{9B}e\u{202E}f"#)
        #expect(TerminalText.escape("plain – ünïcode") == "plain – ünïcode")
    }

    @Test func valuesThatDifferOnlyInControlCharactersLookDifferent() {
        let result = CaseResult(
            id: "publish/x", kind: "publish", corpus: "hutch-1.3.1", file: "x.json",
            checks: [
                CaseResult.Check(name: "fields", differences: [Difference(path: "properties.type", ruby: "\"a\rb\"", swift: "\"a\nb\"")])
            ])
        let lines = ConsoleReport().lines(for: result)
        #expect(lines.contains(#"      Ruby:  "a\rb""#) && lines.contains(#"      Swift: "a\nb""#), "\(lines)")
    }

    @Test func aBodyDifferenceNamesTheFirstDifferingByte() {
        let ruby = Array(#"{"id":1,"name":"alpha","tags":["x"]}"#.utf8)
        let swift = Array(#"{"id":1,"name":"alphA","tags":["x"]}"#.utf8)
        let differences = BodyDifference.differences("expected.body", ruby: ruby, swift: swift)
        let bytes = differences[0]
        #expect(bytes.path == "expected.body")
        #expect(bytes.ruby.hasPrefix("36 bytes, differ at byte 20: …65223a22616c7068|61222c"), "\(bytes.ruby)")
        #expect(bytes.ruby.hasSuffix(#"text …e":"alph|a","tags":["x"]}"#), "\(bytes.ruby)")
        #expect(bytes.swift.hasSuffix(#"text …e":"alph|A","tags":["x"]}"#), "\(bytes.swift)")
        #expect(
            differences.dropFirst().first
                == Difference(path: "expected.body JSON $.name", ruby: #""alpha" (String)"#, swift: #""alphA" (String)"#))
    }

    @Test func jsonDifferencesKeepRubysTypesAndOrder() {
        let integerVsFloat = BodyDifference.differences(
            "body", ruby: Array(#"{"a":[1,{"b":2}]}"#.utf8), swift: Array(#"{"a":[1,{"b":2.0}]}"#.utf8))
        #expect(integerVsFloat.last == Difference(path: "body JSON $.a[1].b", ruby: "2 (Integer)", swift: "2.0 (Float)"))
        let order = BodyDifference.differences("body", ruby: Array(#"{"a":1,"b":2}"#.utf8), swift: Array(#"{"b":2,"a":1}"#.utf8))
        #expect(order.last == Difference(path: "body JSON $ (key order)", ruby: "a, b", swift: "b, a"))
        let missing = BodyDifference.differences("body", ruby: Array(#"{"a":1}"#.utf8), swift: Array(#"{"a":1,"extra key":true}"#.utf8))
        #expect(missing.last == Difference(path: #"body JSON $["extra key"]"#, ruby: "absent", swift: "true (TrueClass)"))
        let shorter = BodyDifference.differences("body", ruby: Array("abc".utf8), swift: Array("abcd".utf8))
        #expect(shorter.count == 1 && shorter[0].ruby == "3 bytes, differ at byte 3: 616263| text abc|")
    }

    @Test func aRecordedBodyDifferenceReachesTheReport() throws {
        let result = try TestCorpus.runAltered("hutch-1.3.1/publish/floats.json") {
            $0.replacingOccurrences(of: "eyJhIjoxLjAs", with: "eyJhIjoyLjAs")
        }
        let fields = TestCorpus.differences(result, check: "fields")
        #expect(fields.contains { $0.path == "expected.body" && $0.ruby.contains("differ at byte 5") })
        #expect(fields.contains { $0.path == "expected.body JSON $.a" && $0.ruby == "2.0 (Float)" && $0.swift == "1.0 (Float)" })
    }
}

/// ``URLRedaction`` hides the password of well-formed and broken URLs alike.
@Suite struct URLRedactionTests {
    @Test(arguments: [
        ("amqp://app:s3cret@broker:5672/", "amqp://app:***@broker:5672/"),
        ("amqp://app:s3/cr?et#x@broker/", "amqp://app:***@broker/"),
        ("cannot reach amqp://app:s e c@broker/vh: refused", "cannot reach amqp://app:***@broker/vh: refused"),
        ("amqp:app:s3cret@broker", "amqp:***@broker"),
        ("error: amqp:app:s3cret@broker", "error: amqp:***@broker"),
        ("amqp://app@broker/", "amqp://app@broker/"),
        ("amqp://broker:5672/", "amqp://broker:5672/"),
        ("note: mail ops@example", "note: mail ops@example")
    ])
    func hidesThePassword(text: String, redacted: String) {
        #expect(URLRedaction.redacting(text) == redacted)
    }
}
