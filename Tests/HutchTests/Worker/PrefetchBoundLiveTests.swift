import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import InMemoryLogging
import Logging
import Testing

/// Holds every message until the test opens the gate, so nothing is acknowledged.
struct BacklogConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("backlog-q")
    static let routingKeys = [LiveBroker.uniqueName("backlog-rk")]
    let gate: Gate
    func process(_ message: ReceivedMessage<JSONValue>) async throws { await gate.wait() }
}

/// Hutch's default `channel_prefetch` 0 means no limit: the broker would push a whole
/// backlog into the worker. The worker uses ``HutchClientSettings/boundedPrefetch``
/// instead, says so at start-up, and the broker never has more unacknowledged
/// deliveries out to it.
@Suite struct PrefetchBoundLiveTests {
    @Test(LiveBroker.reachable) func withPrefetchZeroTheWorkerHoldsAtMostTheBoundOfABacklog() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        #expect(settings.topology.channelPrefetch == 0, "Hutch's default")
        let bound = try #require(settings.boundedPrefetch)
        let queue = BacklogConsumer.queueName ?? ""
        let backlog = 2_000
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await TopologyDeclarer(settings: settings).declare(consumers: [BacklogConsumer.definition], on: amqp, channel: channel)
        let body = Array(#"{"pad":"\#(String(repeating: "x", count: 1000))"}"#.utf8)
        for _ in 0..<backlog {
            try await amqp.publish(
                BasicPublish(exchange: settings.topology.mqExchange, routingKey: BacklogConsumer.routingKeys[0]),
                properties: BasicProperties(contentType: "application/json"), body: body, on: channel)
        }
        try await waitUntil(timeout: .seconds(20)) {
            (try? await LiveBroker.messageCount(queue, settings: settings)) == UInt32(backlog)
        }
        await amqp.close()

        let log = InMemoryLogHandler()
        var logger = Logger(label: "prefetch") { _ in log }
        logger.logLevel = .warning
        let hutch = HutchConnection(settings: settings, logger: logger)
        let gate = Gate()
        defer { gate.open() }
        let worker = Worker(connection: hutch, consumers: [BacklogConsumer(gate: gate)], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()
        // Wait until the broker has sent all it will, then look a few more times.
        var samples: [Int] = []
        try await waitUntil(timeout: .seconds(20)) {
            samples.append((try? await unacknowledgedCount(queue)) ?? -1)
            return samples.last ?? 0 >= bound
        }
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(300))
            samples.append(try await unacknowledgedCount(queue) ?? -1)
        }
        gate.open()
        worker.shutdown()
        try await running.value
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])

        print("prefetch 0 with a backlog of \(backlog): unacknowledged deliveries sampled \(samples) (bound \(bound))")
        #expect(samples.max() == bound, "the broker sends up to the bound and no more")
        #expect(log.entries.contains {
            $0.level == .warning && $0.message.description.contains("Ruby Hutch lets the broker push the whole backlog")
                && $0.message.description.contains("prefetch \(bound)")
        })
    }
}
