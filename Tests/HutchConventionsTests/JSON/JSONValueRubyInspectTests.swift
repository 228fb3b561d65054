@testable import HutchConventions
import Testing

@Suite struct JSONValueRubyInspectTests {
    /// `inspect` of every recorded value, byte for byte.
    @Test(arguments: RubyFixtures.inspect)
    func inspectMatchesRuby(_ entry: InspectCase) {
        #expect(entry.value.jsonValue.rubyInspect == String(decoding: bytes(hex: entry.inspect), as: UTF8.self))
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
