import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// `mandatory` publishes the broker cannot route (no queue bound: `basic.return`) are
/// errors the caller sees: ``UnroutableMessage`` with confirms, ``Publisher/returnedMessages``
/// without. Before, a confirmed mandatory publish to nowhere succeeded in silence. The
/// publisher's rules run on the in-memory broker (`MandatoryPublishRulesTests`); these
/// live tests keep what only the wire shows, the live counterparts of the connection state
/// machine's return transitions (`Tests/HutchAMQPTests/StateMachine/TRANSITIONS.md`):
/// RabbitMQ's `basic.return`s matched to their confirms with 30 publishes in flight on one
/// channel, and a return without confirms reaching the publisher's stream.
@Suite struct MandatoryPublishLiveTests {
    static let mandatory = PublishProperties(["mandatory": true])

    /// A publisher whose exchange exists, and a queue bound to `routedKey`.
    struct Setup {
        let settings: HutchClientSettings
        let hutch: HutchConnection
        let publisher: Publisher
        let queue: String
        let routedKey: String

        init(_ name: String) async throws {
            settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
            hutch = HutchConnection(settings: settings, logger: LiveBroker.logger(name))
            publisher = Publisher(connection: hutch)
            queue = LiveBroker.uniqueName("\(name)-q")
            routedKey = LiveBroker.uniqueName("\(name)-rk")
            try await publisher.publish("warm-up", ["n": 0], confirm: true)  // declares the exchange
            let amqp = try await AMQPConnection.connect(settings.connection)
            let channel = try await amqp.openChannel()
            try await amqp.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: channel)
            try await amqp.declare(
                .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routedKey)), on: channel)
            await amqp.close()
        }

        func tearDown() async {
            await hutch.close()
            await LiveBroker.cleanUp(settings: settings, queues: [queue])
        }
    }

    @Test(LiveBroker.reachable) func routedAndUnroutableTogether() async throws {
        let setup = try await Setup("mandatory-mix")
        let nowhere = LiveBroker.uniqueName("nobody-listens")
        let configuration = setup.settings.publisherConfiguration
        let keys = (0..<30).map { $0 % 3 == 1 ? nowhere : setup.routedKey }
        let messages = try keys.enumerated().map { index, key in
            try Publisher.message(key, ["n": index], properties: Self.mandatory, configuration: configuration)
        }
        let results = await setup.publisher.sendAll(messages, confirm: true)
        for (key, result) in zip(keys, results) {
            switch result {
            case .success: #expect(key == setup.routedKey, "an unroutable mandatory publish succeeded")
            case .failure(let error):
                #expect(key == nowhere, "a routed publish failed: \(error)")
                #expect((error as? UnroutableMessage)?.routingKey == nowhere)
            }
        }
        #expect(try await LiveBroker.messageCount(setup.queue, settings: setup.settings) == 20)
        await setup.tearDown()
    }

    @Test(LiveBroker.reachable) func unconfirmedUnroutableIsStreamed() async throws {
        let setup = try await Setup("mandatory-stream")
        let nowhere = LiveBroker.uniqueName("nobody-listens")
        let first = Task { () -> ReturnedMessage? in
            for await returned in setup.publisher.returnedMessages { return returned }
            return nil
        }
        try await setup.publisher.publish(nowhere, ["n": 1], properties: Self.mandatory, confirm: false)
        let returned = await outcome(of: Task { () throws -> ReturnedMessage? in await first.value }, within: .seconds(20))
        first.cancel()
        guard case .success(let message?) = returned else {
            Issue.record("no returned message within 20 s (got \(String(describing: returned)))")
            await setup.tearDown()
            return
        }
        #expect(message.method.routingKey == nowhere && message.method.exchange == setup.settings.topology.mqExchange)
        #expect(message.method.replyCode == 312)
        #expect(message.body == Array(#"{"n":1}"#.utf8))
        #expect(message.properties.messageID != nil)
        await setup.tearDown()
    }
}
