import HutchAMQP
import HutchConventions
import Testing

/// Content-header payloads against bytes written by hand from the AMQP 0-9-1 spec.
@Suite struct ContentHeaderCodecTests {
    static let everyProperty = BasicProperties(
        contentType: "application/json", contentEncoding: "utf-8",
        headers: FieldTable(pairs: [("a", .int64(1))]), deliveryMode: 2, priority: 0,
        correlationID: "c", replyTo: "r", expiration: "5000", messageID: "m", timestamp: 1_795_753_000,
        type: "t", userID: "guest", appID: "app", clusterID: "cl")

    static let everyPropertyHex =
        "003c 0000 000000000000000c fffc"
        + HexBytes.shortString("application/json") + HexBytes.shortString("utf-8")
        + "0000000b 0161 6c 0000000000000001"  // headers
        + "02 00"  // delivery mode, priority
        + HexBytes.shortString("c") + HexBytes.shortString("r") + HexBytes.shortString("5000")
        + HexBytes.shortString("m") + "000000006b090428"
        + HexBytes.shortString("t") + HexBytes.shortString("guest") + HexBytes.shortString("app")
        + HexBytes.shortString("cl")

    @Test("Every property flag set")
    func everyPropertySet() throws {
        let expected = try #require(HexBytes.decode(Self.everyPropertyHex))
        let encoded = try ContentHeaderCodec.encode(properties: Self.everyProperty, bodySize: 12)
        #expect(HexBytes.encode(encoded) == HexBytes.encode(expected))
        let decoded = try ContentHeaderCodec.decode(expected)
        #expect(decoded.properties == Self.everyProperty)
        #expect(decoded.bodySize == 12)
    }

    @Test("No property set: flags 0 and nothing else")
    func noProperty() throws {
        let expected = try #require(HexBytes.decode("003c 0000 0000000000000000 0000"))
        #expect(try ContentHeaderCodec.encode(properties: BasicProperties(), bodySize: 0) == expected)
        let decoded = try ContentHeaderCodec.decode(expected)
        #expect(decoded.properties == BasicProperties())
        #expect(decoded.bodySize == 0)
    }

    @Test("Each property alone sets exactly its flag bit", arguments: Array(0..<14))
    func singleFlag(index: Int) throws {
        var properties = BasicProperties()
        switch index {
        case 0: properties.contentType = "x"
        case 1: properties.contentEncoding = "x"
        case 2: properties.headers = FieldTable()
        case 3: properties.deliveryMode = 1
        case 4: properties.priority = 9
        case 5: properties.correlationID = "x"
        case 6: properties.replyTo = "x"
        case 7: properties.expiration = "x"
        case 8: properties.messageID = "x"
        case 9: properties.timestamp = 0
        case 10: properties.type = "x"
        case 11: properties.userID = "x"
        case 12: properties.appID = "x"
        default: properties.clusterID = "x"
        }
        let payload = try ContentHeaderCodec.encode(properties: properties, bodySize: 3)
        let flags = UInt16(payload[12]) << 8 | UInt16(payload[13])
        #expect(flags == 1 << (15 - index))
        #expect(try ContentHeaderCodec.decode(payload).properties == properties)
    }

    @Test("Body sizes over 4 GiB use all 8 bytes")
    func largeBodySize() throws {
        let size: UInt64 = 5_000_000_000
        let payload = try ContentHeaderCodec.encode(properties: BasicProperties(deliveryMode: 2), bodySize: size)
        #expect(HexBytes.encode(payload) == "003c0000000000012a05f200100002")
        #expect(try ContentHeaderCodec.decode(payload).bodySize == size)
        let maximum = try ContentHeaderCodec.encode(properties: BasicProperties(), bodySize: .max)
        #expect(try ContentHeaderCodec.decode(maximum).bodySize == .max)
    }

    @Test("Empty short strings are present, not absent")
    func emptyStrings() throws {
        let properties = BasicProperties(contentType: "", messageID: "")
        let payload = try ContentHeaderCodec.encode(properties: properties, bodySize: 0)
        #expect(HexBytes.encode(payload) == "003c00000000000000000000" + "8080" + "00" + "00")
        #expect(try ContentHeaderCodec.decode(payload).properties == properties)
    }

    @Test("Large headers (hundreds of KiB) encode and decode")
    func largeHeaders() throws {
        let headers = FieldTable(pairs: (0..<2000).map { ("x-header-\($0)", .string(String(repeating: "v", count: 200))) })
        let properties = BasicProperties(contentType: "application/json", headers: headers)
        let payload = try ContentHeaderCodec.encode(properties: properties, bodySize: 1)
        #expect(payload.count > 400_000)
        #expect(try ContentHeaderCodec.decode(payload).properties == properties)
    }
}
