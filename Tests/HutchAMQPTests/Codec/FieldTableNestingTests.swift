import HutchAMQP
import HutchConventions
import Testing

/// Regression tests from the codec fuzz harness (`Fuzz/FuzzCodec.swift`): deeply nested
/// arrays and tables are refused instead of overflowing the stack.
@Suite struct FieldTableNestingTests {
    /// A table `{"a" => [[[…]]]}` with `arrays` nested arrays, as wire bytes: 5 bytes a
    /// level (`A` and a 4-byte length), so 10,000 levels fit in 50 KB.
    static func nestedArrays(_ arrays: Int) -> [UInt8] {
        var inner: [UInt8] = []
        for _ in 0..<arrays { inner = [UInt8(ascii: "A")] + bigEndian(UInt32(inner.count)) + inner }
        let entry = [1, UInt8(ascii: "a")] + inner
        return bigEndian(UInt32(entry.count)) + entry
    }

    /// A table `{"t" => {"t" => {…}}}` with `tables` nested tables.
    static func nestedTables(_ tables: Int) -> [UInt8] {
        var table: [UInt8] = [0, 0, 0, 0]
        for _ in 0..<tables {
            let entry = [1, UInt8(ascii: "t"), UInt8(ascii: "F")] + table
            table = bigEndian(UInt32(entry.count)) + entry
        }
        return bigEndian(UInt32(3 + table.count)) + [1, UInt8(ascii: "t"), UInt8(ascii: "F")] + table
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    /// The fuzzer's crash: 10,000 nested arrays in a header table overflowed the stack
    /// of the recursive copy out of librabbitmq's structures (a 50 KB table).
    @Test("10,000 nested arrays are refused, not a stack overflow")
    func deepArraysAreRefused() {
        let error = #expect(throws: CodecError.self) { try FieldTableCodec.decode(Self.nestedArrays(10_000)) }
        #expect(error?.code == .malformedPayload)
        #expect(error?.operation == .decodeFieldTable)
        #expect(error?.found == "nesting of 101")
    }

    @Test("10,000 nested arrays in message headers are refused")
    func deepHeadersAreRefused() {
        // class 60, weight 0, body size 0, flags: headers only (0x2000), then the table.
        let payload: [UInt8] = [0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0] + Self.nestedArrays(10_000)
        let error = #expect(throws: CodecError.self) { try ContentHeaderCodec.decode(payload) }
        #expect(error?.code == .malformedPayload)
        #expect(error?.operation == .decodeContentHeader)
    }

    @Test("10,000 nested tables are refused")
    func deepTablesAreRefused() {
        let error = #expect(throws: CodecError.self) { try FieldTableCodec.decode(Self.nestedTables(10_000)) }
        #expect(error?.code == .malformedPayload)
    }

    @Test("Nesting up to maxNesting decodes and round-trips; one more level is refused")
    func limit() throws {
        #expect(FieldTableCodec.maxNesting == 100)
        // The table itself is level 1.
        let deepest = Self.nestedArrays(FieldTableCodec.maxNesting - 1)
        let table = try FieldTableCodec.decode(deepest)
        #expect(try FieldTableCodec.encode(table) == deepest)
        #expect(throws: CodecError.self) { try FieldTableCodec.decode(Self.nestedArrays(FieldTableCodec.maxNesting)) }

        let deepestTables = Self.nestedTables(FieldTableCodec.maxNesting - 2)
        #expect(try FieldTableCodec.encode(FieldTableCodec.decode(deepestTables)) == deepestTables)
        #expect(throws: CodecError.self) { try FieldTableCodec.decode(Self.nestedTables(FieldTableCodec.maxNesting - 1)) }
    }
}
