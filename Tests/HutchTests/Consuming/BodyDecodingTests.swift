import HutchConventions
import Testing

@testable import Hutch

@Suite struct BodyDecodingTests {
    struct Order: Decodable, Sendable, Equatable {
        var id: Int
        var note: String?
    }

    @Test func jsonObjectsDecodeIntoCodableBodies() throws {
        let order = try BodyDecoding.decode(Order.self, from: Array(#"{"id":7,"note":"x"}"#.utf8), serializer: .json)
        #expect(order == Order(id: 7, note: "x"))
        let value = try BodyDecoding.decode(JSONValue.self, from: Array(#"{"id":7}"#.utf8), serializer: .json)
        #expect(value == .object(JSONObject([("id", .integer(JSONInteger(7)))])))
    }

    @Test(arguments: ["not json", "", "[1,2]", "\"text\"", #"{"id":"seven"}"#])
    func whatHutchOrSwiftCannotDecodeIsUndecodable(_ text: String) {
        #expect(throws: UndecodableBody.self) {
            try BodyDecoding.decode(Order.self, from: Array(text.utf8), serializer: .json)
        }
    }

    @Test func identityGivesBytesOrText() throws {
        #expect(try BodyDecoding.decode([UInt8].self, from: [0xFF, 0], serializer: .identity) == [0xFF, 0])
        #expect(try BodyDecoding.decode(String.self, from: Array("hé".utf8), serializer: .identity) == "hé")
        #expect(throws: UndecodableBody.self) { try BodyDecoding.decode(String.self, from: [0xFF], serializer: .identity) }
    }
}

/// ``HutchConsumer/bodyDecoder`` is what ``HutchConsumer/decodeBody(_:defaultSerializer:)``
/// — the worker's and the contract checks' one decoding path — uses.
@Suite struct ConsumerBodyDecoderTests {
    struct Order: Decodable, Sendable, Equatable {
        var orderId: Int
        var quantity: Int
    }
    static let rubyShaped = Array(#"{"order_id":3.0,"quantity":"42"}"#.utf8)

    struct DefaultConsumer: HutchConsumer {
        static let routingKeys = ["orders.created"]
        func process(_ message: ReceivedMessage<Order>) async throws {}
    }

    struct RelaxedConsumer: HutchConsumer {
        static let routingKeys = ["orders.created"]
        static var bodyDecoder: RubyJSONDecoder {
            RubyJSONDecoder(acceptsIntegralFloatsForIntegers: true, acceptsNumbersInStrings: true, keyStrategy: .snakeCase)
        }
        func process(_ message: ReceivedMessage<Order>) async throws {}
    }

    @Test func theDefaultIsRubysTypesExactly() {
        #expect(throws: UndecodableBody.self) { try DefaultConsumer.decodeBody(Self.rubyShaped, defaultSerializer: .json) }
    }

    @Test func aConsumersBodyDecoderRelaxesIt() throws {
        #expect(try RelaxedConsumer.decodeBody(Self.rubyShaped, defaultSerializer: .json) == Order(orderId: 3, quantity: 42))
    }
}
