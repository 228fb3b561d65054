import HutchAMQP
import HutchConventions
import Testing

/// Every field-value type against its wire bytes, through a standalone table, method
/// arguments and message headers.
@Suite struct FieldTableCodecTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        var name: String
        var value: FieldValue
        /// The value's bytes: type octet and payload.
        var hex: String
        var testDescription: String { name }
    }

    static let samples: [Sample] = [
        Sample(name: "boolean true", value: .boolean(true), hex: "74 01"),
        Sample(name: "boolean false", value: .boolean(false), hex: "74 00"),
        Sample(name: "int8 min", value: .int8(.min), hex: "62 80"),
        Sample(name: "uint8 max", value: .uint8(.max), hex: "42 ff"),
        Sample(name: "int16 -2", value: .int16(-2), hex: "73 fffe"),
        Sample(name: "uint16 max", value: .uint16(.max), hex: "75 ffff"),
        Sample(name: "int32 min", value: .int32(.min), hex: "49 80000000"),
        Sample(name: "uint32 max", value: .uint32(.max), hex: "69 ffffffff"),
        Sample(name: "int64 min", value: .int64(.min), hex: "6c 8000000000000000"),
        Sample(name: "int64 max", value: .int64(.max), hex: "6c 7fffffffffffffff"),
        Sample(name: "int64 -1", value: .int64(-1), hex: "6c ffffffffffffffff"),
        Sample(name: "uint64 max", value: .uint64(.max), hex: "4c ffffffffffffffff"),
        Sample(name: "float32 1.5", value: .float32(1.5), hex: "66 3fc00000"),
        Sample(name: "float32 NaN payload", value: .float32(Float(bitPattern: 0x7fc0_0001)), hex: "66 7fc00001"),
        Sample(name: "float32 -0", value: .float32(-0.0), hex: "66 80000000"),
        Sample(name: "float64 9.5", value: .float64(9.5), hex: "64 4023000000000000"),
        Sample(name: "float64 -0", value: .float64(-0.0), hex: "64 8000000000000000"),
        Sample(
            name: "float64 NaN payload", value: .float64(Double(bitPattern: 0x7ff8_0000_0000_0001)),
            hex: "64 7ff8000000000001"),
        Sample(
            name: "float64 signalling NaN", value: .float64(Double(bitPattern: 0xfff0_0000_0000_0002)),
            hex: "64 fff0000000000002"),
        Sample(name: "float64 infinity", value: .float64(.infinity), hex: "64 7ff0000000000000"),
        Sample(name: "decimal 123.45", value: .decimal(scale: 2, value: 12345), hex: "44 02 00003039"),
        Sample(name: "long string", value: .string("abc"), hex: "53 00000003 616263"),
        Sample(name: "empty long string", value: .string(""), hex: "53 00000000"),
        Sample(name: "invalid UTF-8 long string", value: .longString([0xff, 0xfe, 0x00]), hex: "53 00000003 fffe00"),
        Sample(name: "byte array", value: .byteArray([0, 1, 0xff]), hex: "78 00000003 0001ff"),
        Sample(name: "empty byte array", value: .byteArray([]), hex: "78 00000000"),
        Sample(name: "timestamp", value: .timestamp(1_795_753_000), hex: "54 000000006b090428"),
        Sample(name: "void", value: .void, hex: "56"),
        Sample(name: "empty array", value: .array([]), hex: "41 00000000"),
        Sample(
            name: "array of arrays", value: .array([.int64(1), .array([.void, .boolean(true)]), .string("a")]),
            hex: "41 00000017 6c0000000000000001 41 00000003 56 7401 53 00000001 61"),
        Sample(name: "empty table", value: .table(FieldTable()), hex: "46 00000000"),
        Sample(
            name: "nested table with array",
            value: .table(FieldTable(pairs: [("a", .array([.int8(1)]))])),
            hex: "46 00000009 0161 41 00000002 6201")
    ]

    /// A one-entry table `{"k": value}` as hex.
    static func tableHex(_ valueHex: String) -> String {
        let valueBytes = HexBytes.decode(valueHex) ?? []
        let length = UInt32(2 + valueBytes.count)
        let lengthBytes = (0..<4).reversed().map { UInt8(truncatingIfNeeded: length >> (UInt32($0) * 8)) }
        return HexBytes.encode(lengthBytes) + "016b" + HexBytes.encode(valueBytes)
    }

    @Test("Each field value encodes to its wire bytes and decodes back", arguments: samples)
    func standaloneTable(sample: Sample) throws {
        let table = FieldTable(pairs: [("k", sample.value)])
        let encoded = try FieldTableCodec.encode(table)
        #expect(HexBytes.encode(encoded) == Self.tableHex(sample.hex))
        #expect(try FieldTableCodec.decode(encoded) == table)
    }

    @Test("Each field value round-trips in method arguments", arguments: samples)
    func inMethodArguments(sample: Sample) throws {
        let method = AMQPMethod.queueDeclare(QueueDeclare(queue: "q", arguments: FieldTable(pairs: [("k", sample.value)])))
        let payload = try MethodCodec.encode(method)
        #expect(HexBytes.encode(payload).hasSuffix(Self.tableHex(sample.hex)))
        #expect(try MethodCodec.decode(payload) == method)
    }

    @Test("Each field value round-trips in message headers", arguments: samples)
    func inHeaders(sample: Sample) throws {
        let properties = BasicProperties(headers: FieldTable(pairs: [("k", sample.value)]))
        let payload = try ContentHeaderCodec.encode(properties: properties, bodySize: 1)
        #expect(HexBytes.encode(payload).hasSuffix(Self.tableHex(sample.hex)))
        #expect(try ContentHeaderCodec.decode(payload).properties == properties)
    }

    @Test("An empty table is four zero bytes")
    func emptyTable() throws {
        #expect(try FieldTableCodec.encode(FieldTable()) == [0, 0, 0, 0])
        #expect(try FieldTableCodec.decode([0, 0, 0, 0]) == FieldTable())
    }

    @Test("All types together, nested, with duplicate keys, keep order")
    func everythingTogether() throws {
        var table = FieldTable(pairs: Self.samples.map { ($0.name, $0.value) })
        table.append("CC", .array([.string("a")]))
        table.append("CC", .array([.string("b")]))
        table.append("nested", .table(table))
        let decoded = try FieldTableCodec.decode(FieldTableCodec.encode(table))
        #expect(decoded == table)
        #expect(decoded.entries.map(\.key) == table.entries.map(\.key))
    }

    @Test("A large table (over 1 MiB) encodes and decodes")
    func largeTable() throws {
        let table = FieldTable(pairs: (0..<5000).map { ("key-\($0)", .longString(Array(repeating: UInt8($0 % 256), count: 250))) })
        let encoded = try FieldTableCodec.encode(table)
        #expect(encoded.count > 1_000_000)
        #expect(try FieldTableCodec.decode(encoded) == table)
    }
}
