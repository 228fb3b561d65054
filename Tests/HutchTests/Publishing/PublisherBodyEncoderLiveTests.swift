import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// A publisher's ``Publisher/bodyEncoder`` writes what it publishes, and a per-call
/// encoder overrides it; the broker holds exactly those bytes.
@Suite struct PublisherBodyEncoderLiveTests {
    struct Refund: Encodable {
        var orderId: Int
        var note: String?
    }

    @Test(LiveBroker.reachable) func thePublishersEncoderAndAPerCallOneWriteTheBody() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("body-encoder"))
        let publisher = Publisher(connection: hutch, bodyEncoder: RubyJSONEncoder(keyStrategy: .snakeCase, writesNilAsNull: true))
        let queue = LiveBroker.uniqueName("body-encoder-q")
        let routingKey = LiveBroker.uniqueName("body-encoder-rk")
        try await publisher.publish("warm-up", ["n": 0], confirm: true)  // declares the exchange
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: channel)
        try await amqp.declare(
            .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routingKey)), on: channel)

        try await publisher.publish(routingKey, Refund(orderId: 7, note: nil), confirm: true)
        try await publisher.publish(routingKey, Refund(orderId: 8, note: nil), confirm: true, encoder: RubyJSONEncoder())
        let first = try await amqp.get(queue: queue, autoAck: true, on: channel)
        let second = try await amqp.get(queue: queue, autoAck: true, on: channel)

        _ = try? await amqp.deleteQueue(queue, on: channel)
        await amqp.close()
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [])
        #expect(first?.delivery.body == Array(#"{"order_id":7,"note":null}"#.utf8))
        #expect(second?.delivery.body == Array(#"{"orderId":8}"#.utf8))
    }
}
