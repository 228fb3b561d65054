import Foundation
import Hutch
import HutchAMQP
import HutchConventions
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
/// real broker: the default consumer refuses it (nack, logged), the consumer with a
/// relaxed ``HutchConsumer/bodyDecoder`` handles it — in the same worker.
@Suite(.serialized) struct LenientDecodingLiveTests {
    @Test(LiveBroker.reachable) func aRelaxedBodyDecoderTakesWhatTheDefaultRefuses() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let log = InMemoryLogHandler()
        var logger = Logger(label: "lenient-decoding") { _ in log }
        logger.logLevel = .info
        let hutch = HutchConnection(settings: settings, logger: logger)
        let strict = Collector<RubyShapedOrder>()
        let lenient = Collector<RubyShapedOrder>()
        let worker = Worker(
            connection: hutch, consumers: [StrictOrderConsumer(seen: strict), LenientOrderConsumer(seen: lenient)], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()

        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.confirmSelect(on: channel)
        for (id, key) in [("to-strict", StrictOrderConsumer.routingKeys[0]), ("to-lenient", LenientOrderConsumer.routingKeys[0])] {
            let properties = BasicProperties(contentType: "application/json", deliveryMode: 2, messageID: id)
            try await amqp.publishConfirmed(
                BasicPublish(exchange: settings.topology.mqExchange, routingKey: key), properties: properties, body: rubyShapedBody,
                on: channel)
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
        let strictLeft = try await LiveBroker.messageCount(StrictOrderConsumer.queueName ?? "", settings: settings)
        await amqp.close()
        await LiveBroker.cleanUp(settings: settings, queues: [StrictOrderConsumer.queueName ?? "", LenientOrderConsumer.queueName ?? ""])

        #expect(handled == [RubyShapedOrder(orderId: 3, quantity: 42)])
        #expect(await strict.items.isEmpty, "the default decoder must refuse 3.0 and \"42\" for Int")
        #expect(refusal(), "the strict consumer's refusal is logged with the message id")
        #expect(strictLeft == 0, "the refused delivery is nacked, not left in the queue")
    }

    /// A runtime consumer takes the same relaxed decoder (`DynamicConsumer(bodyDecoder:)`).
    @Test(LiveBroker.reachable) func aRuntimeConsumerTakesARelaxedBodyDecoderToo() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let hutch = HutchConnection(settings: settings)
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

        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.confirmSelect(on: channel)
        try await amqp.publishConfirmed(
            BasicPublish(exchange: settings.topology.mqExchange, routingKey: routingKey),
            properties: BasicProperties(contentType: "application/json", deliveryMode: 2, messageID: "to-dynamic"), body: rubyShapedBody,
            on: channel)
        let handled = await lenient.wait(for: 1, timeout: .seconds(20))
        worker.shutdown()
        try await running.value
        await hutch.close()
        await amqp.close()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])

        #expect(handled == [RubyShapedOrder(orderId: 3, quantity: 42)])
    }
}
