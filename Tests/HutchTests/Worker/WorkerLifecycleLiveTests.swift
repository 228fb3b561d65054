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

@Suite struct WorkerLifecycleLiveTests {
    static let plain = VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false)

    @Test(LiveBroker.reachable) func thePerConsumerMaximumIsNeverExceededUnderLoad() async throws {
        var configured = try LiveBroker.settings(profile: Self.plain)
        configured.concurrency = 8
        configured.topology.channelPrefetch = 50
        let settings = configured
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("limits"))
        let limited = InFlight()
        let all = InFlight()
        let doneLimited = Collector<Int>()
        let doneUnlimited = Collector<Int>()
        let worker = Worker(
            connection: hutch,
            consumers: [
                LimitedConsumer(inFlight: limited, all: all, done: doneLimited), UnlimitedConsumer(all: all, done: doneUnlimited)
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
        print(
            "limits: \(a.count) + \(b.count) messages in \(ContinuousClock.now - started); most at once: limited consumer \(limited.most) (max 3), all \(all.most) (max 8)"
        )
        worker.shutdown()
        try await running.value
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [LimitedConsumer.queueName ?? "", UnlimitedConsumer.queueName ?? ""])

        #expect(Set(a).count == count && Set(b).count == count)
        #expect(limited.most <= 3)
        #expect(all.most <= 8)
        #expect(limited.most == 3)
    }
}
