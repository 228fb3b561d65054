import HutchTestSupport
import Testing

@testable import HutchConventions

@Suite struct JSONValueRubyInspectTests {
    /// `inspect` of every recorded value, byte for byte.
    @Test func inspectMatchesRuby() async {
        #expect(RubyFixtures.inspect.count > 500)
        await checkEveryCase(RubyFixtures.inspect, named: \.name) { entry in
            #expect(
                entry.value.jsonValue.rubyInspect == String(decoding: bytes(hex: entry.inspect), as: UTF8.self), "\(entry.name)")
        }
    }

    /// The printable table agrees with the ranges recorded from Ruby.
    @Test func printableTableMatchesRuby() throws {
        let ranges = try #require(RubyFixtures.document?.printable_ranges)
        var flat: [UInt32] = []
        for range in ranges { flat.append(contentsOf: range) }
        #expect(flat == RubyPrintableScalars.ranges)
    }

    @Test func corpusExample() {
        let value: JSONValue = ["s": .binaryString(Array("bad ".utf8) + [0xFF, 0xFE] + Array(" bytes".utf8))]
        #expect(value.rubyInspect == #"{"s"=>"bad \xFF\xFE bytes"}"#)
        let mixed: JSONValue = ["n": 1.5, "a": [1, nil, true]]
        #expect(mixed.rubyInspect == #"{"n"=>1.5, "a"=>[1, nil, true]}"#)
    }
}

/// `inspect` of a binary String (bunny's payload, the identity serializer's body).
@Suite struct BinaryStringInspectTests {
    @Test func nonASCIIBytesAreHexEvenWhenTheyFormUTF8() {
        // Ruby: "a\x00\x7F\xC3\xA9#{".b.inspect
        #expect(JSONValue.rubyInspect(binaryBytes: [0x61, 0x00, 0x7F, 0xC3, 0xA9, 0x23, 0x7B]) == ##""a\x00\x7F\xC3\xA9\#{""##)
    }

    @Test func namedEscapesAndQuotes() {
        #expect(JSONValue.rubyInspect(binaryBytes: Array("q\"\\\n\t\u{1B}#x".utf8)) == #""q\"\\\n\t\e#x""#)
    }

    @Test func theRecordedInvalidBody() {
        // consume/x-body-invalid-utf8-plain-identity: body_inspect as Ruby recorded it
        let body = Array(#"{"s":"bad "#.utf8) + [0xFF, 0xFE] + Array(#" bytes"}"#.utf8)
        #expect(JSONValue.rubyInspect(binaryBytes: body) == #""{\"s\":\"bad \xFF\xFE bytes\"}""#)
    }
}
