import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

/// Records the numbers it receives.
struct ScopeConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("scope-q")
    static let routingKeys = [LiveBroker.uniqueName("scope-rk")]
    let received: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws { await received.append(message.body.n) }
}

/// The worker's own rules on the in-memory broker: what it acknowledges, nacks, retries,
/// dead-queues and returns, across a lost connection and a shutdown. Moved from the live
/// tests (the broker's part — delay queues dead-lettering on TTL, a connection closed by
/// `rabbitmqctl` — is the double's, checked against RabbitMQ in `Tests/HutchTestingTests`):
/// no sleeps, the test clock moves delays on.
@Suite struct WorkerRulesTests {
    static let hutch110 = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)
    static let hutch131 = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)

    @Test func aDroppedConnectionIsRecoveredWithoutLosingConfirmedMessages() async throws {
        var settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        settings.publisherConfirms = true
        let client = InMemoryHutch(settings: settings, label: "recover")
        let done = Collector<Int>()
        let worker = Worker(connection: client.hutch, consumers: [RecoveringConsumer(done: done)])
        let running = start(worker)
        try await worker.waitForSubscription()
        let key = RecoveringConsumer.routingKeys[0]
        for n in 0..<100 { try await worker.publisher.publish(key, ["n": n]) }
        _ = await done.wait(for: 100, timeout: .seconds(20))

        try #require(client.current).drop()
        // Publishing continues through the loss: each publish is confirmed on some connection.
        for n in 100..<200 { try await worker.publisher.publish(key, ["n": n]) }
        try await worker.waitForSubscription(number: 2)
        let handled = await done.wait(for: 200, timeout: .seconds(20))
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        #expect(worker.subscriptions == 2)
        #expect(Set(handled) == Set(0..<200))
        #expect(client.opened.value.count == 2, "the worker and its publisher share one new connection")
        #expect(await client.hutch.generation == 2)
    }

    /// A broker `connection.close` whose code is neither 320 nor in any list of "lost
    /// connection" codes (530 `NOT_ALLOWED`, RabbitMQ's answer to a channel over
    /// `channel_max`; `ConnectionScopeLiveTests` has the real one): the worker resubscribes.
    @Test func aWorkerWhoseConnectionIsClosedWith530ResubscribesOnANewOne() async throws {
        let client = InMemoryHutch(settings: InMemoryHutch.settings(profile: Self.hutch131), label: "scope-worker")
        let received = Collector<Int>()
        let worker = Worker(
            connection: client.hutch, consumers: [ScopeConsumer(received: received)], logger: LiveBroker.logger("scope-worker"))
        let running = start(worker)
        try await worker.waitForSubscription()

        try #require(client.current).closeByBroker(
            replyCode: 530, replyText: "NOT_ALLOWED - number of channels opened (2) has reached the negotiated channel_max (1)")
        try await worker.waitForSubscription(number: 2)
        #expect(worker.subscriptions == 2, "the worker did not resubscribe after the 530")
        #expect(await client.hutch.generation == 2)

        // And it consumes on the new connection.
        try await worker.publisher.publish(ScopeConsumer.routingKeys[0], ["n": 7], confirm: true)
        #expect(await received.wait(for: 1, timeout: .seconds(10)) == [7])
        worker.shutdown()
        try await running.value
        await client.hutch.close()
        #expect(client.opened.value.count == 2)
    }

    @Test func gracefulShutdownLosesNoAcknowledgedMessageAndReturnsTheRest() async throws {
        var settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        settings.concurrency = 4
        settings.topology.channelPrefetch = 20
        let client = InMemoryHutch(settings: settings, label: "shutdown")
        let done = Collector<Int>()
        let worker = Worker(connection: client.hutch, consumers: [SlowConsumer(done: done)])
        let running = start(worker)
        try await worker.waitForSubscription()
        let count = 300
        for n in 0..<count { try await worker.publisher.publish(SlowConsumer.routingKeys[0], ["n": n], confirm: true) }
        _ = await done.wait(for: 40, timeout: .seconds(30))
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        let queue = try #require(SlowConsumer.queueName)
        let handled = await done.items
        let acked = client.broker.settlements(in: queue).filter { $0.settlement == .acked }
        let remaining = try #require(client.broker.readyMessages(in: queue))
        #expect(Set(handled).count == handled.count)
        #expect(acked.count == handled.count, "every handled message was acknowledged, none other")
        #expect(handled.count + remaining.count == count)
        #expect(client.broker.unacknowledgedCount(in: queue) == 0)
    }

    @Test func failuresWithoutAttemptsAndUndecodableBodiesAreNackedNotKept() async throws {
        let client = InMemoryHutch(settings: InMemoryHutch.settings(profile: Self.hutch131), label: "drop")
        let seen = Collector<Int>()
        let worker = Worker(connection: client.hutch, consumers: [DroppingConsumer(seen: seen)])
        let running = start(worker)
        try await worker.waitForSubscription()

        let key = DroppingConsumer.routingKeys[0]
        let queue = try #require(DroppingConsumer.queueName)
        try await worker.publisher.publish(key, bytes: Array("not json".utf8), confirm: true)
        try await worker.publisher.publish(key, json: .array([.integer(JSONInteger(1))]), confirm: true)
        try await worker.publisher.publish(key, ["n": 1], confirm: true)
        try await worker.publisher.publish(key, ["n": 2], confirm: true)
        try await client.broker.waitUntil("four settlements") { $0.settlements(in: queue).count == 4 }
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        let outcome = Dictionary(
            uniqueKeysWithValues: client.broker.settlements(in: queue).map {
                (String(decoding: $0.message.body, as: UTF8.self), $0.settlement)
            })
        #expect(outcome == [#"not json"#: .nacked, "[1]": .nacked, #"{"n":1}"#: .nacked, #"{"n":2}"#: .acked])
        #expect(await seen.items.sorted() == [1, 2])
        #expect(client.broker.readyMessages(in: queue) == [])
    }

    @Test(arguments: RetryEnding.all)
    func aFailingHandlerIsRetriedAttemptsTimesThenDeadQueuedOrDropped(ending: RetryEnding) async throws {
        var settings = InMemoryHutch.settings(profile: Self.hutch110)
        settings.deadQueue = ending.deadQueue
        let client = InMemoryHutch(settings: settings, label: "retry")
        let broker = client.broker
        let arrivals = Collector<Arrival>()
        let worker = Worker(connection: client.hutch, consumers: [ending.consumer(arrivals)])
        let running = start(worker)
        try await worker.waitForSubscription()
        let delayQueue = DelayLevel(forInterval: 5).delayQueueName(config: settings.topology, profile: settings.profile)

        try await worker.publisher.enqueue(json: ["order": 9], routingKeys: [ending.routingKey], confirm: true)
        for retry in 1...2 {
            _ = await arrivals.wait(for: retry, timeout: .seconds(10))
            // The failed message waits in the 5 s delay queue until the clock passes its TTL.
            try await broker.waitUntil("retry \(retry) in the delay queue") { $0.readyMessages(in: delayQueue)?.count == 1 }
            broker.advanceClock(by: .seconds(5))
        }
        _ = await arrivals.wait(for: 3, timeout: .seconds(10))
        try await broker.waitUntil("the third failure settled") { $0.settlements(in: ending.queueName).count == 3 }
        // However long one waits now, no fourth delivery comes.
        broker.advanceClock(by: .seconds(3600))
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        let all = await arrivals.items
        let exchange = settings.topology.mqExchange
        #expect(all.map(\.failureCount) == [0, 1, 2])
        #expect(all.map(\.routingKey) == [ending.routingKey, "\(exchange).schedule.5s", "\(exchange).schedule.5s"])
        #expect(broker.readyMessages(in: ending.queueName) == [])
        #expect(broker.readyMessages(in: delayQueue) == [])
        let dead = DeadQueue(exchange: exchange).queueName
        if ending.deadQueue {
            #expect(broker.readyMessages(in: dead)?.count == 1)
        } else {
            // Dropped as Hutch drops it: no dead queue was ever declared.
            #expect(!broker.hasQueue(dead))
        }
    }
}
