import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

struct LaneConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("lanes-q")
    static let routingKeys = [LiveBroker.uniqueName("lanes-rk")]
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

/// The worker's handler lanes (``HandlerLanes``) when one consumer's lanes alone keep the
/// global limit: no delivery takes the global limiter, yet the limit holds and is reached.
/// (Consumers that share the global limit: `WorkerLifecycleLiveTests.thePerConsumerMaximumIsNeverExceededUnderLoad`.)
@Suite struct HandlerLanesLiveTests {
    @Test(LiveBroker.reachable) func aSingleConsumersLanesKeepTheGlobalLimitAndHandleEveryMessageOnce() async throws {
        var configured = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        configured.concurrency = 4
        configured.topology.channelPrefetch = 50
        let settings = configured
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("lanes"))
        let all = InFlight()
        let done = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [LaneConsumer(all: all, done: done)])
        let running = start(worker)
        try await worker.waitForSubscription()
        let count = 600
        for n in 0..<count { try await worker.publisher.publish(LaneConsumer.routingKeys[0], ["n": n]) }
        let handled = await done.wait(for: count, timeout: .seconds(60))
        worker.shutdown()
        try await running.value
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [LaneConsumer.queueName ?? ""])

        #expect(handled.count == count && Set(handled).count == count, "every message handled once")
        #expect(all.most <= 4)
        #expect(all.most == 4, "a backlog fills every lane")
    }
}
