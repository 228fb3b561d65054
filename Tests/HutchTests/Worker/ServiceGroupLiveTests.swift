import Hutch
import HutchConventions
import Logging
import ServiceLifecycle
import Testing

struct ServiceGroupConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("service-q")
    static let routingKeys = [LiveBroker.uniqueName("service-rk")]
    let done: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws { await done.append(message.body.n) }
}

@Suite struct ServiceGroupLiveTests {
    @Test(LiveBroker.reachable) func aServiceGroupRunsAndGracefullyStopsTheConnectionAndWorker() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        let logger = LiveBroker.logger("service-group")
        let hutch = HutchConnection(settings: settings, logger: logger)
        let done = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [ServiceGroupConsumer(done: done)], logger: logger)
        let group = ServiceGroup(services: [hutch, worker], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        try await worker.waitForSubscription()
        for n in 0..<50 { try await worker.publisher.publish(ServiceGroupConsumer.routingKeys[0], ["n": n], confirm: true) }
        let handled = await done.wait(for: 50, timeout: .seconds(10))
        await group.triggerGracefulShutdown()
        try await running.value
        await LiveBroker.cleanUp(settings: settings, queues: [ServiceGroupConsumer.queueName ?? ""])
        #expect(Set(handled) == Set(0..<50))
        await #expect(throws: (any Error).self) { _ = try await hutch.connection() }
    }
}
