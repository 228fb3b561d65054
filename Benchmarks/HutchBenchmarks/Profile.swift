import Foundation
import HutchConventions

/// `HutchBenchmarks --profile SHAPE N`: one JSON shape alone, `N` times, for an
/// instruction counter (valgrind's callgrind). Run it with two counts and divide the
/// difference by the difference of the counts: start-up and the first call cancel out.
///
/// Shapes: `generate` (a ``JSONValue`` body to Ruby's bytes, as the publisher writes
/// it), `encode` (an `Encodable` order to Ruby's bytes, `RubyJSONEncoder`), `parse`
/// (body bytes to a ``JSONValue`` as the JSON serializer loads it: a consumer whose body
/// is `JSONValue`), `decode` (body bytes to a `Decodable` order, `RubyJSONDecoder`, as
/// the worker decodes a typed body), `message` (the whole Hutch message a publish builds:
/// `HutchPublisher.publish` of the body with a `headers` property, a fresh message id and
/// the clock, as `Publisher.publish(_:json:properties:)` does).
enum Profile {
    struct Order: Codable, Equatable {
        struct Item: Codable, Equatable {
            var sku: String
            var qty: Int
            var price: Double
        }
        struct Customer: Codable, Equatable {
            var name: String
            var email: String
            var vip: Bool
        }
        var id: Int
        var orderID: String
        var total: Double
        var currency: String
        var items: [Item]
        var customer: Customer
        var createdAt: String
        var note: String?

        enum CodingKeys: String, CodingKey {
            case id
            case orderID = "order_id"
            case total, currency, items, customer
            case createdAt = "created_at"
            case note
        }
    }

    static let order = Order(
        id: 12345, orderID: "ord_8f3a2c", total: 99.95, currency: "EUR",
        items: [.init(sku: "A-1", qty: 2, price: 19.99), .init(sku: "B-7", qty: 1, price: 59.97)],
        customer: .init(name: "Zoë Müller", email: "zoe@example.com", vip: true),
        createdAt: "2026-11-27T03:43:53.000Z", note: nil)

    /// Runs `shape` `count` times; prints the output size so nothing is optimised away.
    static func run(_ shape: String, count: Int, body: JSONValue, bytes: [UInt8]) throws {
        var total = 0
        switch shape {
        case "generate":
            for _ in 0..<count { total += try RubyJSON.generate(body).count }
        case "encode":
            let encoder = RubyJSONEncoder()
            for _ in 0..<count { total += try encoder.encode(order).count }
        case "parse":
            for _ in 0..<count {
                if case .json(.object(let object)) = try Serializer.json.decodeBody(bytes) { total += object.count }
            }
        case "decode":
            let decoder = RubyJSONDecoder()
            for _ in 0..<count { total += try decoder.decode(Order.self, from: bytes).items.count }
        case "message":
            let publisher = HutchPublisher(configuration: PublisherConfiguration(exchange: "hutch"))
            let environment = PublishEnvironment(
                now: { Int64(Date().timeIntervalSince1970) }, nextMessageID: { SecureRandomUUID.make() })
            let properties: PublishProperties = ["headers": ["trace": "abc"]]
            for _ in 0..<count {
                total += try publisher.publish(
                    routingKey: "orders.created", message: .value(body), properties: properties, environment: environment
                ).body.count
            }
        default:
            print("unknown shape \(shape): generate, encode, parse, decode or message")
            return
        }
        print("\(shape) × \(count): \(total)")
    }
}
