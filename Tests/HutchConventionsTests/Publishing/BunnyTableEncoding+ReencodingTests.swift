import Testing

@testable import HutchConventions

/// `Table.decode` then `Table.encode` in amq-protocol 2.3.2; every expectation was
/// produced by running that round trip in Ruby 3.1 on x86_64.
@Suite struct BunnyReencodingTests {
    func reencode(_ pairs: [(String, FieldValue)]) throws -> FieldTable {
        try BunnyTableEncoding.reencodingDecoded(FieldTable(pairs: pairs))
    }

    @Test func integerTypesBecomeLong() throws {
        #expect(
            try reencode([("b", .int8(-1)), ("s", .int16(-2)), ("I", .int32(-1)), ("l", .int64(-3))])
                == FieldTable(pairs: [("b", .int64(255)), ("s", .int64(-2)), ("I", .int64(4_294_967_295)), ("l", .int64(-3))]))
    }

    @Test func floatsAndStrings() throws {
        let table = try reencode([("f", .float32(1.5)), ("d", .float64(2.5)), ("x", .byteArray([0xFF, 0])), ("S", .string("s"))])
        #expect(
            table
                == FieldTable(pairs: [
                    ("f", .float64(6.896490392174587e-41)), ("d", .float64(2.5)), ("x", .longString([0xFF, 0])), ("S", .string("s"))
                ]))
    }

    @Test func timestampsBooleansVoidStay() throws {
        let pairs: [(String, FieldValue)] = [("T", .timestamp(.max)), ("tt", .boolean(true)), ("vv", .void)]
        #expect(try reencode(pairs) == FieldTable(pairs: pairs))
    }

    static let decimals: [(UInt8, UInt32, UInt8, UInt32)] = [
        (0, 15, 0, 15), (1, 15, 0, 1), (2, 5, 2, 0), (3, 123_456, 0, 123), (0, 0, 0, 0), (2, 100, 0, 1),
        (30, 7, 30, 0), (12, 123_456_789, 4, 7), (20, 4_294_967_295, 11, 0), (19, 4_294_967_295, 10, 1),
        (11, 4_294_967_295, 2, 0), (255, 1, 255, 0), (255, 4_294_967_295, 246, 0), (200, 4_294_967_295, 191, 0),
        (10, 1, 10, 0), (9, 1, 9, 1), (10, 5, 10, 1), (14, 4_294_967_295, 5, 45)
    ]

    @Test(arguments: decimals)
    func decimalsLikeBigDecimal(_ scale: UInt8, _ raw: UInt32, _ newScale: UInt8, _ newRaw: UInt32) throws {
        #expect(
            try reencode([("D", .decimal(scale: scale, value: raw))])
                == FieldTable(pairs: [("D", .decimal(scale: newScale, value: newRaw))]))
    }

    @Test func shortTrailingEntriesAreLost() throws {
        #expect(try reencode([("", .void)]) == FieldTable())
        #expect(try reencode([("a", .void)]) == FieldTable())
        #expect(try reencode([("ab", .void)]) == FieldTable(pairs: [("ab", .void)]))
        #expect(try reencode([("x", .int64(1)), ("", .boolean(true))]) == FieldTable(pairs: [("x", .int64(1))]))
        #expect(try reencode([("arr", .array([.boolean(true)]))]) == FieldTable(pairs: [("arr", .array([]))]))
        #expect(
            try reencode([("arr", .array([.boolean(true), .boolean(true)]))])
                == FieldTable(pairs: [("arr", .array([.boolean(true)]))]))
        #expect(try reencode([("arr", .array([.int64(1), .void]))]) == FieldTable(pairs: [("arr", .array([.int64(1)]))]))
        #expect(
            try reencode([("arr", .array(Array(repeating: .void, count: 5)))])
                == FieldTable(pairs: [("arr", .array([.void, .void]))]))
    }

    @Test func duplicateKeysCollapse() throws {
        #expect(
            try reencode([("CC", .string("a")), ("x", .string("b")), ("CC", .string("c"))])
                == FieldTable(pairs: [("CC", .string("c")), ("x", .string("b"))]))
        // Keys are compared as bytes, not as canonically equivalent Unicode.
        #expect(try reencode([("\u{E9}", .int64(1)), ("e\u{301}", .int64(2))]).entries.count == 2)
    }

    @Test func nestedTablesAreRebuilt() throws {
        #expect(
            try reencode([("F", .table(FieldTable(pairs: [("n", .int32(5)), ("k", .string("v"))])))])
                == FieldTable(pairs: [("F", .table(FieldTable(pairs: [("n", .int64(5)), ("k", .string("v"))])))]))
    }

    @Test func undecodableTypes() {
        for value in [FieldValue.uint8(1), .uint16(1), .uint32(1), .uint64(1)] {
            #expect(throws: PublishError.self) { try reencode([("k", value), ("pad", .string("xxxx"))]) }
        }
    }
}
