import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import InMemoryLogging
import Logging
import Testing

/// The worker's prefetch on the in-memory broker. Moved from the live tests: the double
/// honours `basic.qos` as RabbitMQ does (`Tests/HutchTestingTests`), so what is left to
/// check is what the worker asks for. (The concurrency limits stay live,
/// `WorkerLifecycleLiveTests`: 2,000 acks from 8 handlers are the real connection's ack
/// path under load.)
@Suite struct WorkerLimitsTests {
    /// Hutch's default `channel_prefetch` 0 means no limit: the worker asks for
    /// ``HutchClientSettings/boundedPrefetch`` instead, says so at start-up, and the broker
    /// never has more unacknowledged deliveries out to it.
    @Test func withPrefetchZeroTheWorkerHoldsAtMostTheBoundOfABacklog() async throws {
        let settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        #expect(settings.topology.channelPrefetch == 0, "Hutch's default")
        let bound = try #require(settings.boundedPrefetch)
        let queue = try #require(BacklogConsumer.queueName)
        let log = InMemoryLogHandler()
        var logger = Logger(label: "prefetch") { _ in log }
        logger.logLevel = .warning
        let broker = InMemoryBroker()
        let hutch = HutchConnection(settings: settings, logger: logger) { _ in broker.connect() }

        let backlog = 2_000
        let admin = broker.connect()
        let channel = try await admin.openChannel()
        try await TopologyDeclarer(settings: settings).declare(consumers: [BacklogConsumer.definition], on: admin, channel: channel)
        for _ in 0..<backlog {
            try await admin.publish(
                BasicPublish(exchange: settings.topology.mqExchange, routingKey: BacklogConsumer.routingKeys[0]),
                properties: BasicProperties(contentType: "application/json"), body: Array(#"{"n":1}"#.utf8), on: channel,
                blockedTimeout: .seconds(1))
        }
        let gate = Gate()
        defer { gate.open() }
        let worker = Worker(connection: hutch, consumers: [BacklogConsumer(gate: gate)], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()
        try await broker.waitUntil("the bound delivered") { $0.unacknowledgedCount(in: queue) >= bound }
        let unacknowledged = broker.unacknowledgedCount(in: queue)
        let ready = broker.readyMessages(in: queue)?.count
        gate.open()
        worker.shutdown()
        try await running.value
        await hutch.close()
        await admin.close()

        #expect(unacknowledged == bound, "the broker sends up to the bound and no more")
        #expect(ready == backlog - bound)
        #expect(
            log.entries.contains {
                $0.level == .warning && $0.message.description.contains("Ruby Hutch lets the broker push the whole backlog")
                    && $0.message.description.contains("prefetch \(bound)")
            })
    }
}
