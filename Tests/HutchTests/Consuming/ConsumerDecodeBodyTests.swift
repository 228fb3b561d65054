import Hutch
import HutchConventions
import Testing

/// `HutchConsumer.decodeBody`: the worker's decoding, public for contract tests.
@Suite struct ConsumerDecodeBodyTests {
    struct Invoice: Decodable, Sendable {
        struct Line: Decodable, Sendable { var sku: String }
        var amountCents: Int
        var lines: [Line]
        enum CodingKeys: String, CodingKey {
            case amountCents = "amount_cents"
            case lines
        }
    }

    struct InvoiceConsumer: HutchConsumer {
        static let routingKeys = ["invoice.created"]
        func process(_ message: ReceivedMessage<Invoice>) async throws {}
    }

    struct RawConsumer: HutchConsumer {
        static let routingKeys = ["raw"]
        static let serializer: Serializer? = .identity
        func process(_ message: ReceivedMessage<[UInt8]>) async throws {}
    }

    @Test func theDecodingErrorAndItsBodyPathComeWithTheFailure() throws {
        let decoded = try InvoiceConsumer.decodeBody(Array(#"{"amount_cents":5,"lines":[{"sku":"A"}]}"#.utf8), defaultSerializer: .json)
        #expect(decoded.amountCents == 5)

        do {
            _ = try InvoiceConsumer.decodeBody(Array(#"{"amount":5,"lines":[]}"#.utf8), defaultSerializer: .json)
            Issue.record("decoded a body without amount_cents")
        } catch {
            guard case .keyNotFound(let key, _)? = error.underlying as? DecodingError else {
                Issue.record("expected keyNotFound, got \(String(describing: error.underlying))")
                return
            }
            #expect(key.stringValue == "amount_cents")
        }
        do {
            _ = try InvoiceConsumer.decodeBody(Array(#"{"amount_cents":5,"lines":[{"sku":7}]}"#.utf8), defaultSerializer: .json)
            Issue.record("decoded an Integer sku")
        } catch {
            guard case .typeMismatch(_, let context)? = error.underlying as? DecodingError else {
                Issue.record("expected typeMismatch, got \(String(describing: error.underlying))")
                return
            }
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["lines", "0", "sku"])
        }
    }

    @Test func theConsumersOwnSerializerWinsOverTheDefault() throws {
        #expect(try RawConsumer.decodeBody([0xFF, 0x00], defaultSerializer: .json) == [0xFF, 0x00])
        #expect(throws: UndecodableBody.self) { try InvoiceConsumer.decodeBody(Array("not json".utf8), defaultSerializer: .json) }
    }
}
