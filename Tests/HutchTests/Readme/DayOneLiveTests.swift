import Hutch
import Testing

// What README's "What you meet on day one" and the Getting Started article say about
// `enqueueIn`, against the test broker: the delayed message reaches every queue bound
// to the consumer's routing key, arrives with failureCount 1, and that count is spent
// from `attempts`. The Hutch 1.1.0 pairing is used because its delay queues dead-letter
// without a policy (on Hutch ≥ 1.1.1 the repair policy does the same).

/// Where a delayed message arrived, with the count and headers the consumer saw.
struct DelayedArrival: Sendable {
    var queue: String
    var failureCount: Int
    var headers: FieldTable?
}

enum DayOneKey { static let routingKey = LiveBroker.uniqueName("day-one-rk") }

/// The consumer the message is enqueued for.
struct EnqueuedForConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("day-one-enqueued-for")
    static let routingKeys = [DayOneKey.routingKey]
    static let attempts = 1
    let arrivals: Collector<DelayedArrival>
    func process(_ message: ReceivedMessage<JSONValue>) async throws {
        await arrivals.append(DelayedArrival(queue: Self.queueName ?? "", failureCount: message.failureCount, headers: message.headers))
    }
}

/// Another consumer bound with the same routing key, on a queue of its own.
struct SameKeyConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("day-one-same-key")
    static let routingKeys = [DayOneKey.routingKey]
    let arrivals: Collector<DelayedArrival>
    func process(_ message: ReceivedMessage<JSONValue>) async throws {
        await arrivals.append(DelayedArrival(queue: Self.queueName ?? "", failureCount: message.failureCount, headers: message.headers))
    }
}

@Suite struct DayOneLiveTests {
    @Test(LiveBroker.reachable) func enqueueInReachesEveryQueueOfTheRoutingKeyWithFailureCountOne() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true))
        let queues = [EnqueuedForConsumer.queueName ?? "", SameKeyConsumer.queueName ?? ""]
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("day-one"))
        let arrivals = Collector<DelayedArrival>()
        let worker = Worker(connection: hutch, consumers: [EnqueuedForConsumer(arrivals: arrivals), SameKeyConsumer(arrivals: arrivals)])
        let running = start(worker)
        try await worker.waitForSubscription()

        try await worker.publisher.enqueueIn(.seconds(5), ["invoice": 9], for: EnqueuedForConsumer.self, confirm: true)
        let arrived = await arrivals.wait(for: 2, timeout: .seconds(30))
        worker.shutdown()
        try await running.value
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: queues)

        #expect(Set(arrived.map(\.queue)) == Set(queues), "the delayed message reached \(arrived.map(\.queue))")
        #expect(arrived.map(\.failureCount) == [1, 1])
        // The count is spent from `attempts`, as Ruby's MaxRetry spends it: a failure of
        // this delivery is retried only while attempts remain.
        let headers = try #require(arrived.first?.headers)
        let definition = EnqueuedForConsumer.definition
        #expect(!MaxRetry.decide(headers: headers, consumer: definition, payload: Array(#"{"invoice":9}"#.utf8)).retried)
        var twoAttempts = definition
        twoAttempts.attempts = 2
        #expect(MaxRetry.decide(headers: headers, consumer: twoAttempts, payload: Array(#"{"invoice":9}"#.utf8)).retried)
    }
}
