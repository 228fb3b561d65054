import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

struct LimitedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("limited-q")
    static let routingKeys = [LiveBroker.uniqueName("limited-rk")]
    static let maxConcurrency: Int? = 3
    let inFlight: InFlight
    let all: InFlight
    let done: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws {
        inFlight.enter()
        all.enter()
        try await Task.sleep(for: .milliseconds(2))
        all.leave()
        inFlight.leave()
        await done.append(message.body.n)
    }
}

struct UnlimitedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("unlimited-q")
    static let routingKeys = [LiveBroker.uniqueName("unlimited-rk")]
    let all: InFlight
    let done: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws {
        all.enter()
        try await Task.sleep(for: .milliseconds(2))
        all.leave()
        await done.append(message.body.n)
    }
}

struct SlowConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("slow-q")
    static let routingKeys = [LiveBroker.uniqueName("slow-rk")]
    let done: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws {
        try await Task.sleep(for: .milliseconds(40))
        await done.append(message.body.n)
    }
}

struct RecoveringConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("recover-q")
    static let routingKeys = [LiveBroker.uniqueName("recover-rk")]
    let done: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws { await done.append(message.body.n) }
}

@Suite struct WorkerLifecycleLiveTests {
    static let plain = VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false)

    @Test(LiveBroker.reachable) func thePerConsumerMaximumIsNeverExceededUnderLoad() async throws {
        var configured = try LiveBroker.settings(profile: Self.plain)
        configured.concurrency = 8
        configured.topology.channelPrefetch = 50
        let settings = configured
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("limits"))
        let limited = InFlight(), all = InFlight()
        let doneLimited = Collector<Int>(), doneUnlimited = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [
            LimitedConsumer(inFlight: limited, all: all, done: doneLimited), UnlimitedConsumer(all: all, done: doneUnlimited),
        ])
        let running = start(worker)
        try await worker.waitForSubscription()
        let count = 1000
        for n in 0..<count {
            try await worker.publisher.publish(LimitedConsumer.routingKeys[0], ["n": n])
            try await worker.publisher.publish(UnlimitedConsumer.routingKeys[0], ["n": n])
        }
        let started = ContinuousClock.now
        let a = await doneLimited.wait(for: count, timeout: .seconds(60))
        let b = await doneUnlimited.wait(for: count, timeout: .seconds(60))
        print("limits: \(a.count) + \(b.count) messages in \(ContinuousClock.now - started); most at once: limited consumer \(limited.most) (max 3), all \(all.most) (max 8)")
        worker.shutdown()
        try await running.value
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [LimitedConsumer.queueName ?? "", UnlimitedConsumer.queueName ?? ""])

        #expect(Set(a).count == count && Set(b).count == count)
        #expect(limited.most <= 3)
        #expect(all.most <= 8)
        #expect(limited.most == 3)
    }

    @Test(LiveBroker.reachable) func gracefulShutdownLosesNoAcknowledgedMessageAndReturnsTheRest() async throws {
        var configured = try LiveBroker.settings(profile: Self.plain)
        configured.concurrency = 4
        configured.topology.channelPrefetch = 20
        let settings = configured
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("shutdown"))
        let done = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [SlowConsumer(done: done)])
        let running = start(worker)
        try await worker.waitForSubscription()
        let count = 300
        for n in 0..<count { try await worker.publisher.publish(SlowConsumer.routingKeys[0], ["n": n], confirm: true) }
        _ = await done.wait(for: 40, timeout: .seconds(30))
        let stopping = ContinuousClock.now
        worker.shutdown()
        try await running.value
        let stopTook = ContinuousClock.now - stopping
        let handled = await done.items
        let remaining = try await LiveBroker.messageCount(SlowConsumer.queueName ?? "", settings: settings)
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [SlowConsumer.queueName ?? ""])

        print("graceful shutdown after \(handled.count) handled took \(stopTook); \(remaining) messages back in the queue")
        #expect(Set(handled).count == handled.count)
        #expect(handled.count + Int(remaining) == count)
        #expect(stopTook < .seconds(5))
    }

    @Test(LiveBroker.reachable) func aBrokenConnectionIsRecoveredWithoutLosingConfirmedMessages() async throws {
        var configured = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        configured.publisherConfirms = true
        configured.connection.connectionName = LiveBroker.uniqueName("recovering-connection")
        let settings = configured
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("recover"))
        let done = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [RecoveringConsumer(done: done)])
        let running = start(worker)
        try await worker.waitForSubscription()
        let key = RecoveringConsumer.routingKeys[0]
        for n in 0..<100 { try await worker.publisher.publish(key, ["n": n]) }
        _ = await done.wait(for: 100, timeout: .seconds(20))

        // Close this test's own connection from the broker side.
        let pid = try await Self.connectionPID(named: try #require(settings.connection.connectionName))
        try await LiveBroker.ctl(["close_connection", pid, "test: break the connection"])
        let broken = ContinuousClock.now
        // Publishing continues through the loss: each publish is confirmed on some connection.
        for n in 100..<200 { try await worker.publisher.publish(key, ["n": n]) }
        try await worker.waitForSubscription(number: 2)
        let recovered = ContinuousClock.now - broken
        let handled = await done.wait(for: 200, timeout: .seconds(30))
        worker.shutdown()
        try await running.value
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [RecoveringConsumer.queueName ?? ""])

        print("recovery: resubscribed \(recovered) after close_connection; \(Set(handled).count) of 200 confirmed messages handled (\(handled.count) deliveries)")
        #expect(worker.subscriptions >= 2)
        #expect(Set(handled) == Set(0..<200))
    }

    /// The broker's pid of the connection whose `connection_name` is `name`.
    static func connectionPID(named name: String) async throws -> String {
        let output = try await LiveBroker.ctl(["list_connections", "--no-table-headers", "pid", "client_properties"])
        guard let line = output.split(separator: "\n").first(where: { $0.contains(name) }),
            let pid = line.split(separator: "\t").first
        else { throw TestBroker.CtlFailure(arguments: ["list_connections"], output: output) }
        return String(pid)
    }
}
