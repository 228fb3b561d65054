import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Testing

struct Arrival: Sendable {
    var at: ContinuousClock.Instant
    var routingKey: String
    var failureCount: Int
}

struct DelayedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("delayed-q")
    static let routingKeys = [LiveBroker.uniqueName("delayed-rk")]
    let arrivals: Collector<Arrival>
    func process(_ message: ReceivedMessage<JSONValue>) async throws {
        await arrivals.append(Arrival(at: .now, routingKey: message.routingKey, failureCount: message.failureCount))
    }
}

struct BrokenPairingConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("repaired-q")
    static let routingKeys = [LiveBroker.uniqueName("repaired-rk")]
    let arrivals: Collector<Arrival>
    func process(_ message: ReceivedMessage<JSONValue>) async throws {
        await arrivals.append(Arrival(at: .now, routingKey: message.routingKey, failureCount: message.failureCount))
    }
}

/// Names one run of ``AlwaysFailingConsumer``, so the cases of a parametrized test
/// (running at the same time) each have their own queue and routing key.
protocol FailingCase: Sendable { static var name: String { get } }
enum FailingIntoDeadQueue: FailingCase { static let name = LiveBroker.uniqueName("failing-dead") }
enum FailingAndDropped: FailingCase { static let name = LiveBroker.uniqueName("failing-dropped") }

struct AlwaysFailingConsumer<Case: FailingCase>: HutchConsumer {
    static var queueName: String? { "\(Case.name)-q" }
    static var routingKeys: [String] { ["\(Case.name)-rk"] }
    static var attempts: Int { 2 }
    let arrivals: Collector<Arrival>
    struct Boom: Error {}
    func process(_ message: ReceivedMessage<JSONValue>) async throws {
        await arrivals.append(Arrival(at: .now, routingKey: message.routingKey, failureCount: message.failureCount))
        throw Boom()
    }
}

/// How a message ends after its last attempt: in `<exchange>_dead_queue` (the Go port's
/// layout, ``HutchClientSettings/deadQueue``) or dropped (Hutch's behaviour).
struct RetryEnding: Sendable, CustomTestStringConvertible {
    var deadQueue: Bool
    var queueName: String
    var routingKey: String
    var consumer: @Sendable (Collector<Arrival>) -> any HutchConsumer

    init<Case: FailingCase>(deadQueue: Bool, _: Case.Type) {
        self.deadQueue = deadQueue
        queueName = AlwaysFailingConsumer<Case>.queueName ?? ""
        routingKey = AlwaysFailingConsumer<Case>.routingKeys[0]
        consumer = { AlwaysFailingConsumer<Case>(arrivals: $0) }
    }

    var testDescription: String { deadQueue ? "dead-queued" : "dropped (no dead queue)" }

    static let all = [RetryEnding(deadQueue: true, FailingIntoDeadQueue.self), RetryEnding(deadQueue: false, FailingAndDropped.self)]
}

struct DroppingConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("dropping-q")
    static let routingKeys = [LiveBroker.uniqueName("dropping-rk")]
    let seen: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    struct Boom: Error {}
    func process(_ message: ReceivedMessage<Body>) async throws {
        await seen.append(message.body.n)
        if message.body.n == 1 { throw Boom() }
    }
}

@Suite struct DelayAndRetryLiveTests {
    static let hutch110 = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)
    static let hutch131 = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)

    @Test(LiveBroker.reachable) func enqueueInFiveSecondsArrivesThroughTheDelayQueueOnHutch110() async throws {
        let settings = try LiveBroker.settings(profile: Self.hutch110)
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [DelayedConsumer.queueName ?? ""]) } }
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("delay"))
        let arrivals = Collector<Arrival>()
        let worker = Worker(connection: hutch, consumers: [DelayedConsumer(arrivals: arrivals)])
        #expect(worker.brokenPairing == nil)
        let running = start(worker)
        try await worker.waitForSubscription()

        let sent = ContinuousClock.now
        try await worker.publisher.enqueueIn(.seconds(5), ["job": 1], for: DelayedConsumer.self, confirm: true)
        let arrived = await arrivals.wait(for: 1, timeout: .seconds(15))
        worker.shutdown()
        try await running.value
        await hutch.close()

        let arrival = try #require(arrived.first)
        let delay = arrival.at - sent
        print("enqueueIn(5) on Hutch 1.1.0 pairing arrived after \(delay)")
        #expect(delay >= .milliseconds(4500) && delay < .seconds(9))
        #expect(arrival.routingKey == "\(settings.topology.mqExchange).schedule.5s")
    }

    @Test(LiveBroker.reachable) func theBrokenPairingWorksOnceThePolicyRepairIsApplied() async throws {
        let settings = try LiveBroker.settings(profile: Self.hutch131)
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [BrokenPairingConsumer.queueName ?? ""]) } }
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("repair"))
        let arrivals = Collector<Arrival>()
        let worker = Worker(connection: hutch, consumers: [BrokenPairingConsumer(arrivals: arrivals)])
        let broken = try #require(worker.brokenPairing)
        let running = start(worker)
        try await worker.waitForSubscription()
        try await LiveBroker.ctl(broken.repair.rabbitmqctlArguments)
        defer { Task { _ = try? await LiveBroker.ctl(["clear_policy", "-p", "/", broken.repair.name]) } }

        let sent = ContinuousClock.now
        try await worker.publisher.enqueueIn(.seconds(5), ["job": 2], for: BrokenPairingConsumer.self, confirm: true)
        let arrived = await arrivals.wait(for: 1, timeout: .seconds(15))
        worker.shutdown()
        try await running.value
        await hutch.close()

        let arrival = try #require(arrived.first, "no delivery: the delay queue did not dead-letter")
        print("enqueueIn(5) on the repaired Hutch 1.3.1 pairing arrived after \(arrival.at - sent)")
        #expect(arrival.at - sent >= .milliseconds(4500))
    }
}
