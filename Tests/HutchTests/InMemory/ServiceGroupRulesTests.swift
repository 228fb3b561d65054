import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
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

/// `HutchConnection` and `Worker` as services of a `ServiceGroup`, on the in-memory broker:
/// the group runs them, and its graceful shutdown stops the worker and closes the connection.
@Suite struct ServiceGroupRulesTests {
    @Test func aServiceGroupRunsAndGracefullyStopsTheConnectionAndWorker() async throws {
        let settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        let client = InMemoryHutch(settings: settings, label: "service-group")
        let logger = LiveBroker.logger("service-group")
        let hutch = client.hutch
        let done = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [ServiceGroupConsumer(done: done)], logger: logger)
        let group = ServiceGroup(services: [hutch, worker], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        try await worker.waitForSubscription()
        for n in 0..<50 { try await worker.publisher.publish(ServiceGroupConsumer.routingKeys[0], ["n": n], confirm: true) }
        let handled = await done.wait(for: 50, timeout: .seconds(10))
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(Set(handled) == Set(0..<50))
        #expect(client.broker.settlements(in: ServiceGroupConsumer.queueName ?? "").filter { $0.settlement == .acked }.count == 50)
        #expect(client.broker.openConnections.isEmpty, "the group's shutdown closed the connection")
        let closed = await #expect(throws: AMQPError.self) { _ = try await hutch.transport() }
        #expect(closed?.code == .connectionClosed)
    }
}
