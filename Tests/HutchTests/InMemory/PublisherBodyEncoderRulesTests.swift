import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

/// A publisher's ``Publisher/bodyEncoder`` writes what it publishes, and a per-call
/// encoder overrides it; the (in-memory) broker holds exactly those bytes.
@Suite struct PublisherBodyEncoderRulesTests {
    struct Refund: Encodable {
        var orderId: Int
        var note: String?
    }

    @Test func thePublishersEncoderAndAPerCallOneWriteTheBody() async throws {
        let settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let client = InMemoryHutch(settings: settings, label: "body-encoder")
        let publisher = Publisher(connection: client.hutch, bodyEncoder: RubyJSONEncoder(keyStrategy: .snakeCase, writesNilAsNull: true))
        let queue = LiveBroker.uniqueName("body-encoder-q")
        let routingKey = LiveBroker.uniqueName("body-encoder-rk")
        try await publisher.publish("warm-up", ["n": 0], confirm: true)  // declares the exchange
        let declarer = client.broker.connect()
        let channel = try await declarer.openChannel()
        try await declarer.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: channel)
        try await declarer.declare(
            .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routingKey)), on: channel)
        await declarer.close()

        try await publisher.publish(routingKey, Refund(orderId: 7, note: nil), confirm: true)
        try await publisher.publish(routingKey, Refund(orderId: 8, note: nil), confirm: true, encoder: RubyJSONEncoder())
        await client.hutch.close()
        #expect(
            client.broker.readyMessages(in: queue)?.map(\.body) == [
                Array(#"{"order_id":7,"note":null}"#.utf8), Array(#"{"orderId":8}"#.utf8)
            ])
    }
}
