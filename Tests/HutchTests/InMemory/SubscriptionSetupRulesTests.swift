import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

/// Records the numbers it receives (the first of two consumers).
struct EarlyConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("early-q")
    static let routingKeys = [LiveBroker.uniqueName("early-rk")]
    let received: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws { await received.append(message.body.n) }
}

/// The second consumer, whose `basic.consume` the tests make fail.
struct LateConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("late-q")
    static let routingKeys = [LiveBroker.uniqueName("late-rk")]
    func process(_ message: ReceivedMessage<JSONValue>) async throws {}
}

/// A subscription that fails half-way — the first consumer started and holding a
/// delivery, the next one's `basic.consume` held by a memory alarm until its patience ran
/// out — gives that delivery back: its channel is closed, or, when the alarm holds the
/// close too, its connection. Before, the channel stayed open with the delivery unacked
/// for the life of the connection, and the worker subscribed again without it.
@Suite struct SubscriptionSetupRulesTests {
    /// The in-memory broker, with one message for ``EarlyConsumer`` waiting; `fault`
    /// (a block, by default) strikes the first connection just before its second
    /// `basic.consume`, given that consume's channel.
    struct Setup {
        let settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let client: HookedHutch
        let worker: Worker
        let received = Collector<Int>()
        /// Longer than any call's patience on the in-memory connections.
        let pastPatience = Duration.seconds(120)

        var broker: InMemoryBroker { client.broker }
        var opened: Locked<[HookedTransport]> { client.opened }
        var hutch: HutchConnection { client.hutch }

        init(fault: @escaping @Sendable (InMemoryConnection, UInt16) -> Void = { connection, _ in connection.block() }) async throws {
            client = HookedHutch(settings: settings, label: "subscription-setup") { connection, call, number, channel, inner in
                if connection == 1, call == .consume, number == 2 { fault(inner, channel) }
            }
            let admin = client.broker.connect()
            let channel = try await admin.openChannel()
            try await TopologyDeclarer(settings: settings).declare(
                consumers: [EarlyConsumer.definition, LateConsumer.definition], on: admin, channel: channel)
            try await admin.publish(
                BasicPublish(exchange: settings.topology.mqExchange, routingKey: EarlyConsumer.routingKeys[0]),
                properties: BasicProperties(contentType: "application/json"), body: Array(#"{"n":7}"#.utf8), on: channel,
                blockedTimeout: .seconds(1))
            worker = Worker(
                connection: client.hutch, consumers: [EarlyConsumer(received: received), LateConsumer()],
                logger: LiveBroker.logger("subscription-setup"))
        }

        /// Waits until the first connection holds a call for the alarm to end, the client
        /// having asked to close `closes` channels on it (`nil`: any number); returns that number.
        @discardableResult
        func waitForHeldCall(closes: Int? = nil) async throws -> Int {
            let state = { (opened.value.first?.channelCloseCount ?? -1, opened.value.first?.inner.heldCallCount ?? -1) }
            try await waitUntil(timeout: .seconds(20)) { state().1 == 1 && (closes == nil || state().0 == closes) }
            let (closesFound, heldFound) = state()
            try #require(
                heldFound == 1 && (closes == nil || closesFound == closes),
                "expected a call held by the alarm after \(closes.map(String.init) ?? "any number of") channel closes, found \(heldFound) held after \(closesFound)"
            )
            return closesFound
        }

        /// Stops the worker and the connection; a worker still running 20 s later is a failure.
        func stop(_ running: Task<Void, any Error>) async {
            worker.shutdown()
            let ended = await outcome(of: running, within: .seconds(20))
            #expect(ended != nil, "the worker did not stop")
            await hutch.close()
        }
    }

    @Test func theChannelOfAHalfMadeSubscriptionIsClosedAndItsDeliveryComesBack() async throws {
        let setup = try await Setup()
        let running = start(setup.worker)
        let closes = try await setup.waitForHeldCall()  // LateConsumer's basic.consume
        #expect(setup.broker.unacknowledgedCount(in: EarlyConsumer.queueName!) == 1, "EarlyConsumer holds the message")
        setup.broker.advanceClock(by: setup.pastPatience)
        try await setup.waitForHeldCall(closes: closes + 1)  // the channel's close
        setup.opened.value.first?.inner.unblock()

        #expect(await setup.received.wait(for: 1, timeout: .seconds(20)) == [7])
        #expect(setup.opened.value.count == 1, "the channel was closed; the connection stays")
        await setup.stop(running)
    }

    @Test func whenTheAlarmHoldsTheCloseTooTheConnectionIsGivenUpAndItsDeliveryComesBack() async throws {
        let setup = try await Setup()
        let running = start(setup.worker)
        let closes = try await setup.waitForHeldCall()  // LateConsumer's basic.consume
        setup.broker.advanceClock(by: setup.pastPatience)
        try await setup.waitForHeldCall(closes: closes + 1)  // the channel's close
        setup.broker.advanceClock(by: setup.pastPatience)

        #expect(await setup.received.wait(for: 1, timeout: .seconds(20)) == [7])
        #expect(setup.opened.value.count == 2, "the worker subscribed again on a new connection")
        #expect(setup.broker.openConnections.count == 2, "the setup's and the new one: the blocked connection was closed")
        await setup.stop(running)
    }

    /// The broker closes the channel instead (a 404 on the second consumer's queue): the
    /// broker has returned its deliveries, and the worker does not give up the connection.
    @Test func aChannelTheBrokerClosedHalfWayIsNotReasonToGiveUpTheConnection() async throws {
        let setup = try await Setup { connection, channel in
            connection.closeChannelByBroker(channel, replyCode: 404, replyText: "NOT_FOUND - no queue 'late-q'")
        }
        let running = start(setup.worker)
        #expect(await setup.received.wait(for: 1, timeout: .seconds(20)) == [7])
        try await setup.worker.waitForSubscription()
        #expect(setup.opened.value.count == 1, "the connection stays")
        await setup.stop(running)
    }
}
