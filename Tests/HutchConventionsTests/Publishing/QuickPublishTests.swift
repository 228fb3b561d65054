import HutchTestSupport
import Testing

@testable import HutchConventions

/// `HutchPublisher.quickPublish` (the options read key by key, without the merged Hash)
/// gives the message the Hash gives (`hashPublish`), or `nil` exactly when the Hash
/// raises — on thousands of seeded random caller and global property Hashes mixing the
/// keys bunny reads, keys it ignores, and values that raise (long strings, Arrays,
/// Hashes where text is expected, NaN, big Integers, `false` headers, long header keys).
@Suite struct QuickPublishTests {
    typealias Generator = SeededGenerator

    static let keys = [
        "content_type", "content_encoding", "headers", "delivery_mode", "priority", "correlation_id", "reply_to",
        "expiration", "message_id", "timestamp", "type", "user_id", "app_id", "cluster_id", "persistent", "mandatory",
        "routing_key", "immediate", "trace", "typ", "content-type", ""
    ]

    static func value(_ generator: inout Generator) -> PublishProperties.PropertyValue {
        let long = String(repeating: "x", count: 256)
        let values: [JSONValue] = [
            .null, .bool(true), .bool(false), .int(0), .int(1), .int(2), .int(-1), .int(300), .int(Int64.max),
            .integer(JSONInteger(decimal: "123456789012345678901234567890")!), .float(1.5), .float(-2.75), .float(.nan),
            .float(.infinity), .float(1e300), .string(""), .string("text/plain"), .string("Zoë"), .string(long),
            .binaryString([0xFF, 0x41]), .array([.int(1)]), .array([]), [:], ["trace": "abc"],
            ["n": 1, "f": 2.5, "nested": ["x": [1, "two", nil]]], [long: 1], ["a": .float(.nan)]
        ]
        if Int.random(in: 0..<12, using: &generator) == 0 {
            return .headers(HeaderHash([HeaderHash.Entry("CC", .encoded(.array([.longString(Array("q".utf8))])))]))
        }
        return .ruby(values[Int.random(in: 0..<values.count, using: &generator)])
    }

    static func properties(_ generator: inout Generator, maxCount: Int) -> PublishProperties {
        let count = Int.random(in: 0...maxCount, using: &generator)
        return PublishProperties(
            (0..<count).map { _ in (keys[Int.random(in: 0..<keys.count, using: &generator)], value(&generator)) })
    }

    func expectSame(
        _ publisher: HutchPublisher, routingKey: String, properties: PublishProperties, messageID: String?,
        contentType: JSONValue
    ) {
        let body = Array(#"{"a":1}"#.utf8)
        let quick = publisher.quickPublish(
            routingKey: routingKey, body: body, properties: properties, messageID: messageID, timestamp: 1_700_000_000,
            hutchContentType: contentType)
        var callerProperties = properties
        if let messageID { callerProperties["message_id"] = .ruby(.string(messageID)) }
        let hashed = Result(catching: { () throws(PublishError) -> OutgoingMessage in
            try publisher.hashPublish(
                routingKey: routingKey, body: body, callerProperties: callerProperties, timestamp: 1_700_000_000,
                hutchContentType: contentType)
        })
        switch (quick, hashed) {
        case (let quick?, .success(let hashed)):
            #expect(quick == hashed, "properties \(properties.pairs), global \(publisher.configuration.globalProperties.pairs)")
        case (nil, .failure):
            break
        case (let quick, let hashed):
            Issue.record(
                "quick \(String(describing: quick)) against the Hash's \(hashed) for \(properties.pairs), global \(publisher.configuration.globalProperties.pairs)"
            )
        }
    }

    @Test func randomPropertiesGiveTheHashsMessageOrNone() {
        var generator = Generator(state: 2026)
        var quickCount = 0
        for round in 0..<6_000 {
            let global = round % 3 == 0 ? Self.properties(&generator, maxCount: 3) : PublishProperties()
            let exchange = round % 97 == 0 ? String(repeating: "e", count: 256) : "hutch"
            let publisher = HutchPublisher(configuration: PublisherConfiguration(exchange: exchange, globalProperties: global))
            let properties = Self.properties(&generator, maxCount: 5)
            let routingKey = round % 89 == 0 ? String(repeating: "é", count: 200) : "orders.created"
            let messageID: String? = PublishProperties.isTruthy(properties["message_id"]) ? nil : "id-\(round)"
            let contentType: JSONValue = round % 5 == 0 ? .null : "application/json"
            expectSame(publisher, routingKey: routingKey, properties: properties, messageID: messageID, contentType: contentType)
            let body = Array(#"{"a":1}"#.utf8)
            if publisher.quickPublish(
                routingKey: routingKey, body: body, properties: properties, messageID: messageID, timestamp: 1,
                hutchContentType: contentType) != nil
            {
                quickCount += 1
            }
        }
        // Both outcomes are exercised: messages built the quick way, and Hashes that raise.
        #expect(quickCount > 500 && quickCount < 5_500, "\(quickCount) of 6000 quick")
    }

    @Test func theTypicalPublishTakesTheQuickPath() throws {
        let publisher = HutchPublisher()
        let properties: PublishProperties = ["headers": ["trace": "abc"], "type": "order"]
        let message = try #require(
            publisher.quickPublish(
                routingKey: "orders.created", body: [], properties: properties, messageID: "id", timestamp: 7,
                hutchContentType: "application/json"))
        #expect(
            message.properties
                == BasicProperties(
                    contentType: "application/json", headers: FieldTable(pairs: [("trace", .longString(Array("abc".utf8)))]),
                    deliveryMode: 2,
                    priority: 0, messageID: "id", timestamp: 7, type: "order"))
    }
}
