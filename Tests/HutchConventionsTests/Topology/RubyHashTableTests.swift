import Testing

@testable import HutchConventions

@Suite struct RubyHashTableTests {
    @Test func scalarTypes() throws {
        var object = JSONObject()
        object["i"] = .int(7)
        object["f"] = .float(1.5)
        object["s"] = .string("x")
        object["t"] = .bool(true)
        object["n"] = .null
        let table = try FieldTable(rubyHash: object)
        #expect(
            table
                == FieldTable(pairs: [
                    ("i", .int64(7)), ("f", .float64(1.5)), ("s", .string("x")), ("t", .boolean(true)), ("n", .void)
                ]))
    }

    @Test func nestedArraysAndHashes() throws {
        let value: JSONValue = ["a": [1, "x", nil, true, ["d": 2]]]
        guard case .object(let object) = value else { return }
        let table = try FieldTable(rubyHash: object)
        #expect(
            table
                == FieldTable(pairs: [
                    (
                        "a",
                        .array([
                            .int64(1), .string("x"), .void, .boolean(true), .table(FieldTable(pairs: [("d", .int64(2))]))
                        ])
                    )
                ]))
    }

    // Ruby 3.1's pack('q>') keeps the low 64 bits (checked with amq-protocol 2.3.2).
    @Test(arguments: [
        ("9223372036854775807", Int64.max),
        ("9223372036854775808", Int64.min),
        ("18446744073709551616", 0),
        ("18446744073709551621", 5),
        ("-9223372036854775809", Int64.max),
        ("-18446744073709551617", -1),
        ("1267650600228229401496703205376", 0)
    ])
    func bigIntegersWrap(_ text: String, _ expected: Int64) throws {
        let integer = try #require(JSONInteger(decimal: text))
        #expect(try FieldValue(rubyValue: .integer(integer)) == .int64(expected))
    }

    @Test func longKeysAreRefusedLikeRuby() throws {
        var ok = JSONObject()
        ok[String(repeating: "k", count: 255)] = .int(1)
        #expect(try FieldTable(rubyHash: ok).entries.count == 1)
        var tooLong = JSONObject()
        tooLong["outer"] = .object(JSONObject([(String(repeating: "é", count: 128), .int(1))]))
        #expect(throws: RubyTableEncodingError.keyTooLong(key: String(repeating: "é", count: 128), byteCount: 256)) {
            try FieldTable(rubyHash: tooLong)
        }
        #expect(RubyTableEncodingError.keyTooLong(key: "", byteCount: 256).rubyErrorClass == "RangeError")
    }

    @Test func duplicatePairsAreKept() throws {
        let table = try FieldTable(rubyHashPairs: [("CC", .array(["a"])), ("CC", .array(["b"]))])
        #expect(table.entries.map(\.key) == ["CC", "CC"])
    }

    @Test func floatsKeepTheirBits() throws {
        #expect(try FieldValue(rubyValue: .float(-0.0)) == .float64(-0.0))
        #expect(try FieldValue(rubyValue: .float(-0.0)) != .float64(0.0))
    }
}
