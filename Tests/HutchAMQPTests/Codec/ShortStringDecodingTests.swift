import HutchAMQP
import HutchConventions
import Testing

/// Short strings copied out of librabbitmq: ASCII and multi-byte UTF-8 arrive unchanged,
/// anything that is not UTF-8 is refused (never repaired), naming the field.
@Suite struct ShortStringDecodingTests {
    /// `basic.publish` with `exchange` given as hex bytes (with its length octet) and routing key "a".
    func publish(exchange: String) throws -> [UInt8] {
        try #require(HexBytes.decode("003c0028 0000 \(exchange) 0161 00"))
    }

    @Test(
        "ASCII and multi-byte UTF-8 short strings decode to the same text",
        arguments: [("056875746368", "hutch"), ("02c3a9", "é"), ("06e697a5e69cac", "日本"), ("04f09f90b0", "🐰"), ("00", "")])
    func validText(hex: String, text: String) throws {
        let bytes = try #require(HexBytes.decode(hex))
        guard case .basicPublish(let method) = try MethodCodec.decode(try publish(exchange: hex)) else {
            Issue.record("expected basic.publish")
            return
        }
        #expect(method.exchange == text)
        #expect(Array(method.exchange.utf8) == Array(bytes.dropFirst()))
    }

    @Test(
        "Bytes that are not UTF-8 are refused, also when a repair would keep the length",
        arguments: ["03f09080", "04f0908041", "02c0af", "0241ff", "03eda080"])
    func invalidText(hex: String) throws {
        let payload = try publish(exchange: hex)
        do {
            let method = try MethodCodec.decode(payload)
            Issue.record("expected invalidUTF8, decoded \(method)")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.field == "exchange")
        }
    }

    @Test("A header key that is not UTF-8 is refused, naming its position")
    func invalidKey() throws {
        // {"ok": true, <ff>: true}
        let table = try #require(HexBytes.decode("00000009 026f6b 74 01 01ff 74 01"))
        do {
            let decoded = try FieldTableCodec.decode(table)
            Issue.record("expected invalidUTF8, decoded \(decoded)")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.description.contains("key #1"))
        }
    }
}
