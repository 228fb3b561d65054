// swift-format-ignore-file
// (the README's and the DocC articles' code blocks stand verbatim in this file: DocumentedBlocks checks it)
import Hutch
import Testing

/// The README's Swift examples, compiled with `import Hutch` alone and run.
/// `readmeBlocksAreHere` fails when a README block is not, verbatim, in this file or in
/// the client example test beside it, which runs against the test broker.
struct LegacyOrderConsumer: HutchConsumer {
    static let routingKeys = ["legacy.orders.created"]
    static var bodyDecoder: RubyJSONDecoder {
        RubyJSONDecoder(acceptsIntegralFloatsForIntegers: true, acceptsNumbersInStrings: true, keyStrategy: .snakeCase)
    }

    struct Body: Decodable, Sendable {
        var orderId: Int  // {"order_id":3.0,"quantity":"42"} → orderId 3, quantity 42
        var quantity: Int
    }

    func process(_ message: ReceivedMessage<Body>) async throws {}
}

struct Refund: Encodable {
    var orderId: Int
    var note: String?
}

@Suite struct ReadmeExamplesTests {
    @Test func bodyDecoderReadsRubysLooserBodies() throws {
        let body = try LegacyOrderConsumer.decodeBody(Array(#"{"order_id":3.0,"quantity":"42"}"#.utf8), defaultSerializer: .json)
        #expect(body.orderId == 3 && body.quantity == 42)
    }

    @Test func bodyEncoderWritesSnakeCaseAndNulls() throws {
        let configuration = PublisherConfiguration(exchange: "hutch")
        let encoder = RubyJSONEncoder(keyStrategy: .snakeCase, writesNilAsNull: true)
        let message = try Publisher.message("refunds.created", Refund(orderId: 7, note: nil), configuration: configuration, encoder: encoder)
        // message.body: {"order_id":7,"note":null}
        #expect(message.body == Array(#"{"order_id":7,"note":null}"#.utf8))
        let byDefault = try Publisher.message("refunds.created", Refund(orderId: 7, note: nil), configuration: configuration)
        #expect(byDefault.body == Array(#"{"orderId":7}"#.utf8))
    }

    @Test func publishing() throws {
        let publisher = HutchPublisher(configuration: PublisherConfiguration(exchange: "hutch"))
        let message = try publisher.publish(
            routingKey: "orders.created",
            message: .value(["id": 1, "total": 9.5, "tags": ["new"]]),
            properties: ["headers": ["trace": "abc"]],
            environment: .fixed(timestamp: 1_795_747_124, messageID: "c3a75d61-08ff-4f4d-a18b-8748940c0cbc"))
        // message.body is exactly Ruby's bytes: {"id":1,"total":9.5,"tags":["new"]}
        // message.properties: content_type application/json, delivery_mode 2, priority 0, …
        #expect(message.body == Array(#"{"id":1,"total":9.5,"tags":["new"]}"#.utf8))
        #expect(message.properties.contentType == "application/json")
        #expect(message.properties.deliveryMode == 2)
        #expect(message.properties.priority == 0)
        #expect(message.properties.headers == FieldTable(pairs: [("trace", .string("abc"))]))
    }

    @Test func delaying() throws {
        let consumer = ConsumerDefinition(className: "PlanConsumer", routingKeys: ["abc.plan"], attempts: 3)
        let delayed = try HutchEnqueue(consumer: consumer)
            .enqueueIn(.seconds(7), .value(["a": 1]), environment: .fixed(timestamp: 0, messageID: "id"))
        // delayed.exchange == "hutch.schedule", delayed.routingKey == "hutch.schedule.10s"
        // delayed.properties.expiration == "10000"
        #expect(delayed.exchange == "hutch.schedule")
        #expect(delayed.routingKey == "hutch.schedule.10s")
        #expect(delayed.properties.expiration == "10000")
        #expect(delayed.properties.headers == FieldTable(pairs: [("CC", .array([.string("abc.plan")]))]))
    }

    @Test func rubyJSON() throws {
        let value = try RubyJSON.parse(#"{"big":18446744073709551616,"f":1.0e+20}"#)
        let text = try RubyJSON.generateString(value)
        // text == #"{"big":18446744073709551616,"f":1.0e+20}"#
        #expect(text == #"{"big":18446744073709551616,"f":1.0e+20}"#)
    }

    @Test func retryCounting() throws {
        let consumer = ConsumerDefinition(className: "PlanConsumer", routingKeys: ["abc.plan"], attempts: 3)
        let deaths = FieldTable(pairs: [("x-death", .array([.table(FieldTable(pairs: [
            ("count", .int64(2)), ("routing-keys", .array([.string("abc.plan")])),
        ]))]))])
        let decision = MaxRetry.decide(headers: deaths, consumer: consumer, payload: Array(#"{"a":1}"#.utf8))
        // decision.attempt == 3 (of 3): retried after (2**4)+2 = 18 s, on the 20 s level
        #expect(decision.attempt == .int(3))
        #expect(decision.retried)
        #expect(decision.delaySeconds == .int(18))
        #expect(decision.level?.seconds == 20)
    }

    @Test func readmeBlocksAreHere() throws {
        let readme = try DocumentedBlocks(markdown: "README.md")
        #expect(readme.compiledHere.count >= 8)
        try DocumentedBlocks.expectCompiled(
            readme.compiledHere,
            in: [
                "Tests/HutchTests/Readme/ReadmeExamplesTests.swift", "Tests/HutchTests/Readme/ReadmeClientExampleTests.swift",
                // "Testing your consumers", run by HutchTestingTests' InvoiceConsumerTests.
                "Tests/HutchTestingTests/ReadmeExample.swift",
            ],
            document: "README")
    }

    /// The quick start and the install lines are built by scripts/quickstart-check.sh in a
    /// package of their own; the quick start is a whole program with one import.
    @Test func theQuickStartIsAWholeProgramWithOneImport() throws {
        let readme = try DocumentedBlocks(markdown: "README.md")
        #expect(readme.checkedElsewhere.count == 3)
        let quickStart = try #require(readme.checkedElsewhere.first { $0.contains("HutchConsumer") })
        let imports = quickStart.split(separator: "\n").filter { $0.hasPrefix("import ") }
        #expect(imports == ["import Hutch"])
        #expect(quickStart.split(separator: "\n").count <= 30)
    }
}
