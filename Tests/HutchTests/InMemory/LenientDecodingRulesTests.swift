import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import InMemoryLogging
import Logging
import Testing

/// The body a Ruby service sends for `{ order_id: 3.0, quantity: params[:quantity] }`.
private let rubyShapedBody = Array(#"{"order_id":3.0,"quantity":"42"}"#.utf8)

/// A Swift body for it: `Int`s and camelCase properties.
struct RubyShapedOrder: Decodable, Sendable, Equatable {
    var orderId: Int
    var quantity: Int
}

/// The default decoder: Ruby's types exactly.
struct StrictOrderConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("strict-order-q")
    static let routingKeys = [LiveBroker.uniqueName("strict-order-rk")]
    let seen: Collector<RubyShapedOrder>
    func process(_ message: ReceivedMessage<RubyShapedOrder>) async throws { await seen.append(message.body) }
}

/// The same body type with ``HutchConsumer/bodyDecoder`` relaxed.
struct LenientOrderConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("lenient-order-q")
    static let routingKeys = [LiveBroker.uniqueName("lenient-order-rk")]
    static var bodyDecoder: RubyJSONDecoder {
        RubyJSONDecoder(acceptsIntegralFloatsForIntegers: true, acceptsNumbersInStrings: true, keyStrategy: .snakeCase)
    }
    let seen: Collector<RubyShapedOrder>
    func process(_ message: ReceivedMessage<RubyShapedOrder>) async throws { await seen.append(message.body) }
}

/// A Ruby-shaped body (`3.0` and `"42"` for `Int`s, snake_case keys) published to the
/// in-memory broker: the default consumer refuses it (nack, logged), the consumer with a
/// relaxed ``HutchConsumer/bodyDecoder`` handles it — in the same worker.
@Suite struct LenientDecodingRulesTests {
    /// Publishes the Ruby-shaped body to `routingKey` on Hutch's exchange, confirmed, with
    /// message id `id`, on a connection of its own.
    static func publishRubyShapedBody(to broker: InMemoryBroker, exchange: String, routingKey: String, id: String) async throws {
        let sender = broker.connect()
        let channel = try await sender.openChannel()
        try await sender.confirmSelect(on: channel)
        try await sender.publishConfirmed(
            BasicPublish(exchange: exchange, routingKey: routingKey),
            properties: BasicProperties(contentType: "application/json", deliveryMode: 2, messageID: id), body: rubyShapedBody,
            on: channel)
        await sender.close()
    }

    @Test func aRelaxedBodyDecoderTakesWhatTheDefaultRefuses() async throws {
        let settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let client = InMemoryHutch(settings: settings, label: "lenient-decoding")
        let log = InMemoryLogHandler()
        var logger = Logger(label: "lenient-decoding") { _ in log }
        logger.logLevel = .info
        let hutch = client.hutch
        let strict = Collector<RubyShapedOrder>()
        let lenient = Collector<RubyShapedOrder>()
        let worker = Worker(
            connection: hutch, consumers: [StrictOrderConsumer(seen: strict), LenientOrderConsumer(seen: lenient)], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()

        for (id, key) in [("to-strict", StrictOrderConsumer.routingKeys[0]), ("to-lenient", LenientOrderConsumer.routingKeys[0])] {
            try await Self.publishRubyShapedBody(to: client.broker, exchange: settings.topology.mqExchange, routingKey: key, id: id)
        }
        let handled = await lenient.wait(for: 1, timeout: .seconds(20))
        let refusal: @Sendable () -> Bool = {
            log.entries.contains {
                $0.message.description == "cannot decode message" && $0.metadata["message_id"]?.description == "to-strict"
            }
        }
        try await waitUntil(timeout: .seconds(20)) { refusal() }
        worker.shutdown()
        try await running.value
        await hutch.close()
        let strictLeft = client.broker.readyMessages(in: StrictOrderConsumer.queueName ?? "")?.count

        #expect(handled == [RubyShapedOrder(orderId: 3, quantity: 42)])
        #expect(await strict.items.isEmpty, "the default decoder must refuse 3.0 and \"42\" for Int")
        #expect(refusal(), "the strict consumer's refusal is logged with the message id")
        #expect(strictLeft == 0, "the refused delivery is nacked, not left in the queue")
        #expect(client.broker.settlements(in: StrictOrderConsumer.queueName ?? "").map(\.settlement) == [.nacked])
        #expect(client.broker.settlements(in: LenientOrderConsumer.queueName ?? "").map(\.settlement) == [.acked])
    }

    /// A runtime consumer takes the same relaxed decoder (`DynamicConsumer(bodyDecoder:)`).
    @Test func aRuntimeConsumerTakesARelaxedBodyDecoderToo() async throws {
        let settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let client = InMemoryHutch(settings: settings, label: "dynamic-lenient")
        let hutch = client.hutch
        let queue = LiveBroker.uniqueName("dynamic-lenient-q")
        let routingKey = LiveBroker.uniqueName("dynamic-lenient-rk")
        let lenient = Collector<RubyShapedOrder>()
        let consumer = DynamicConsumer(
            ConsumerDefinition(className: "DynamicLenientConsumer", routingKeys: [routingKey], queueName: queue),
            bodyDecoder: RubyJSONDecoder(acceptsIntegralFloatsForIntegers: true, acceptsNumbersInStrings: true, keyStrategy: .snakeCase)
        ) { (message: ReceivedMessage<RubyShapedOrder>, _) in await lenient.append(message.body) }
        let worker = Worker(connection: hutch, dynamicConsumers: [consumer])
        let running = start(worker)
        try await worker.waitForSubscription()

        try await Self.publishRubyShapedBody(
            to: client.broker, exchange: settings.topology.mqExchange, routingKey: routingKey, id: "to-dynamic")
        let handled = await lenient.wait(for: 1, timeout: .seconds(20))
        worker.shutdown()
        try await running.value
        await hutch.close()

        #expect(handled == [RubyShapedOrder(orderId: 3, quantity: 42)])
        #expect(client.broker.settlements(in: queue).map(\.settlement) == [.acked])
    }
}
