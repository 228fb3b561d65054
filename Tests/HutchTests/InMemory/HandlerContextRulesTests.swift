import Hutch
import HutchConventions
import HutchTesting
import InMemoryLogging
import Logging
import Testing

/// Ships a paid order: logs with the context's logger and publishes a follow-up message.
struct ShippingConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("ctx-shipping-q")
    static let routingKeys = [LiveBroker.uniqueName("ctx-paid")]
    static let shippedKey = LiveBroker.uniqueName("ctx-shipped")
    let contexts: Collector<HandlerContext>

    struct Order: Codable, Sendable, Equatable { var id: Int }

    func process(_ message: ReceivedMessage<Order>, context: HandlerContext) async throws {
        context.logger.info("shipping")
        await contexts.append(context)
        try await context.publisher.publish(Self.shippedKey, Order(id: message.body.id + 1000), confirm: true)
    }
}

/// Receives the follow-up message, written without the context as consumers were before.
struct ShippedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("ctx-shipped-q")
    static let routingKeys = [ShippingConsumer.shippedKey]
    let received: Collector<ShippingConsumer.Order>

    func process(_ message: ReceivedMessage<ShippingConsumer.Order>) async throws { await received.append(message.body) }
}

/// A consumer that implements no handler at all.
struct HandlerlessConsumer: HutchConsumer {
    static let routingKeys = ["nothing.handles.this"]
}

/// The worker's handler context on the in-memory broker: the message's metadata, a
/// logger carrying its ids, and the worker's publisher for a follow-up message.
@Suite struct HandlerContextRulesTests {
    @Test func handlerGetsMetadataLoggerAndPublisherForFollowUps() async throws {
        let settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let client = InMemoryHutch(settings: settings, label: "handler-context")
        let log = InMemoryLogHandler()
        var logger = Logger(label: "handler-context") { _ in log }
        logger.logLevel = .info
        let contexts = Collector<HandlerContext>()
        let shipped = Collector<ShippingConsumer.Order>()
        let worker = Worker(
            connection: client.hutch, consumers: [ShippingConsumer(contexts: contexts), ShippedConsumer(received: shipped)],
            logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()

        let publisher = Publisher(connection: client.hutch, environment: .fixed(timestamp: 1_764_000_000, messageID: "order-42-paid"))
        try await publisher.publish(ShippingConsumer.routingKeys[0], ShippingConsumer.Order(id: 42), confirm: true)
        let followUps = await shipped.wait(for: 1, timeout: .seconds(10))
        let seen = await contexts.items
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        #expect(followUps == [ShippingConsumer.Order(id: 1042)])
        let context = try #require(seen.first)
        #expect(context.consumer == "ShippingConsumer")
        #expect(context.routingKey == ShippingConsumer.routingKeys[0])
        #expect(context.exchange == settings.topology.mqExchange)
        #expect(context.messageID == "order-42-paid")
        #expect(context.properties.timestamp == 1_764_000_000)
        #expect(context.failureCount == 0)
        #expect(context.redelivered == false)
        let entry = try #require(log.entries.first { $0.message.description == "shipping" })
        #expect(entry.metadata["message_id"] == "order-42-paid")
        #expect(entry.metadata["routing_key"] == .string(ShippingConsumer.routingKeys[0]))
        #expect(entry.metadata["consumer"] == "ShippingConsumer")
        // Both deliveries acked, the follow-up published through the worker's publisher.
        #expect(client.broker.settlements(in: ShippingConsumer.queueName ?? "").map(\.settlement) == [.acked])
        #expect(client.broker.settlements(in: ShippedConsumer.queueName ?? "").map(\.settlement) == [.acked])
    }

    @Test func aConsumerWithoutHandlerFailsEachMessageNamingItself() async throws {
        let message = ReceivedMessage<JSONValue>(
            body: [:], rawBody: Array("{}".utf8), routingKey: "nothing.handles.this", exchange: "hutch",
            properties: BasicProperties(), redelivered: false, failureCount: 0)
        let error = await #expect(throws: ConsumerHandlerMissing.self) { try await HandlerlessConsumer().process(message) }
        #expect(error?.consumer == "HandlerlessConsumer")
    }
}
