import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

/// `mandatory` publishes no queue takes (`basic.return`, 312 `NO_ROUTE`) are errors the
/// caller sees: ``UnroutableMessage`` with confirms, ``Publisher/returnedMessages``
/// without — the publisher's rules on the in-memory broker (whose returns the shared
/// behaviour suite checks against RabbitMQ). `MandatoryPublishLiveTests` keeps two of
/// them on a real connection, for its handling of RabbitMQ's `basic.return` frames.
@Suite struct MandatoryPublishRulesTests {
    static let mandatory = PublishProperties(["mandatory": true])

    /// A publisher whose exchange exists, and a queue bound to `routedKey`.
    struct Setup {
        let settings: HutchClientSettings
        let client: InMemoryHutch
        let publisher: Publisher
        let queue: String
        let routedKey: String

        init(_ name: String) async throws {
            settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
            client = InMemoryHutch(settings: settings, label: name)
            publisher = Publisher(connection: client.hutch)
            queue = LiveBroker.uniqueName("\(name)-q")
            routedKey = LiveBroker.uniqueName("\(name)-rk")
            try await publisher.publish("warm-up", ["n": 0], confirm: true)  // declares the exchange
            let declarer = client.broker.connect()
            let channel = try await declarer.openChannel()
            try await declarer.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: channel)
            try await declarer.declare(
                .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routedKey)), on: channel)
            await declarer.close()
        }

        /// How many messages wait in the bound queue.
        var routedCount: Int { client.broker.readyMessages(in: queue)?.count ?? 0 }
    }

    @Test func confirmedUnroutableThrows() async throws {
        let setup = try await Setup("mandatory")
        let nowhere = LiveBroker.uniqueName("nobody-listens")
        await #expect {
            try await setup.publisher.publish(nowhere, ["n": 1], properties: Self.mandatory, confirm: true)
        } throws: { error in
            guard let unroutable = error as? UnroutableMessage else { return false }
            return unroutable.exchange == setup.settings.topology.mqExchange && unroutable.routingKey == nowhere
                && unroutable.replyCode == 312 && unroutable.replyText == "NO_ROUTE" && unroutable.messageID != nil
        }
        // Routed, mandatory or not, and unroutable without `mandatory` (Hutch's default): no error.
        try await setup.publisher.publish(setup.routedKey, ["n": 2], properties: Self.mandatory, confirm: true)
        try await setup.publisher.publish(nowhere, ["n": 3], confirm: true)
        #expect(setup.routedCount == 1)
        await setup.client.hutch.close()
    }

    @Test func routedAndUnroutableTogether() async throws {
        let setup = try await Setup("mandatory-mix")
        let nowhere = LiveBroker.uniqueName("nobody-listens")
        let keys = (0..<30).map { $0 % 3 == 1 ? nowhere : setup.routedKey }
        let messages = try keys.enumerated().map { index, key in
            try Publisher.message(key, ["n": index], properties: Self.mandatory, configuration: setup.settings.publisherConfiguration)
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
        #expect(setup.routedCount == 20)
        await setup.client.hutch.close()
    }

    @Test func unconfirmedUnroutableIsStreamed() async throws {
        let setup = try await Setup("mandatory-stream")
        let nowhere = LiveBroker.uniqueName("nobody-listens")
        let first = Task { () -> ReturnedMessage? in
            for await returned in setup.publisher.returnedMessages { return returned }
            return nil
        }
        try await setup.publisher.publish(nowhere, ["n": 1], properties: Self.mandatory, confirm: false)
        let returned = await outcome(of: Task { () throws -> ReturnedMessage? in await first.value }, within: .seconds(10))
        first.cancel()
        let message = try #require(try returned?.get(), "no returned message within 10 s (got \(String(describing: returned)))")
        #expect(message.method.routingKey == nowhere && message.method.exchange == setup.settings.topology.mqExchange)
        #expect(message.method.replyCode == 312)
        #expect(message.body == Array(#"{"n":1}"#.utf8))
        #expect(message.properties.messageID != nil)
        await setup.client.hutch.close()
    }
}
