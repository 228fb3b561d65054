import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import InMemoryLogging
import Logging
import Testing

/// Names one run of ``RetryBlockedConsumer``, so parametrized cases running at the same
/// time each have their own queue (the in-memory cases are in `FailedRetryRulesTests`).
protocol RetryBlockedCase: Sendable { static var name: String { get } }
enum RefusedScheduleKept: RetryBlockedCase { static let name = LiveBroker.uniqueName("refused-schedule-kept") }

/// Fails every message; hutch-schedule would retry it twice.
struct RetryBlockedConsumer<Case: RetryBlockedCase>: HutchConsumer {
    static var queueName: String? { "\(Case.name)-q" }
    static var routingKeys: [String] { ["\(Case.name)-rk"] }
    static var attempts: Int { 2 }
    struct Boom: Error {}
    func process(_ message: ReceivedMessage<JSONValue>) async throws { throw Boom() }
}

/// A failed message whose retry the broker refuses with 403 ACCESS_REFUSED (the user may
/// not write to the schedule exchange, in a vhost of the test's own) is never nacked into
/// nothing: with no dead queue it is kept and requeued after a backoff, and the log says
/// so for each message. The other blocked retries (nacked, 404, an `x-death` that is a
/// string) are the client's rules alone: `FailedRetryRulesTests` on the in-memory broker.
@Suite struct FailedRetryLiveTests {
    static let hutch110 = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)

    @Test(LiveBroker.reachable)
    func aMessageWhoseRetryIsRefusedWith403IsKeptNeverDropped() async throws {
        let consumer = RetryBlockedConsumer<RefusedScheduleKept>()
        let queueName = RetryBlockedConsumer<RefusedScheduleKept>.queueName ?? ""
        let routingKey = RetryBlockedConsumer<RefusedScheduleKept>.routingKeys[0]
        let count = 5
        let virtualHost = LiveBroker.uniqueName("vhost")
        try await TestBroker.makeVirtualHost(virtualHost)
        defer { Task { try? await TestBroker.deleteVirtualHost(virtualHost) } }
        var configured = try LiveBroker.settings(profile: Self.hutch110, virtualHost: virtualHost)
        configured.requeueBackoff = ReconnectBackoff(initial: .milliseconds(200), maximum: .seconds(1))
        let settings = configured
        let exchange = settings.topology.mqExchange
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [queueName]) } }
        let log = InMemoryLogHandler()
        var logger = Logger(label: "failed-retry") { _ in log }
        logger.logLevel = .info
        let hutch = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: hutch, consumers: [consumer], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()
        // The publisher opens its channel (declaring the schedule exchange) before the fault.
        try await worker.publisher.publish(LiveBroker.uniqueName("nobody-listens"), ["warm": "up"], confirm: true)
        let schedule = DelayLevel.scheduleExchange(for: exchange).replacingOccurrences(of: ".", with: "\\.")
        try await TestBroker.setPermissions(
            virtualHost: settings.connection.virtualHost, user: "guest", configure: ".*", write: "^(?!\(schedule)$).*", read: ".*")

        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.confirmSelect(on: channel)
        var ids: [String] = []
        for n in 0..<count {
            let properties = BasicProperties(contentType: "application/json", deliveryMode: 2, messageID: "blocked-\(n)")
            ids.append(properties.messageID ?? "")
            try await amqp.publishConfirmed(
                BasicPublish(exchange: exchange, routingKey: routingKey), properties: properties,
                body: Array(#"{"n":\#(n)}"#.utf8), on: channel)
        }
        await amqp.close()

        // Every message kept twice while the fault lasts: requeued, redelivered, kept again.
        let kept = "keeping the message: requeueing it after a backoff, because a failure handler failed"
        try await waitUntil(timeout: .seconds(20)) {
            Set(log.entries.filter { $0.message.description == kept }.compactMap { $0.metadata["message_id"]?.description }) == Set(ids)
                && log.entries.filter { $0.message.description == kept }.count >= 2 * count
        }
        worker.shutdown()
        try await running.value
        await hutch.close()

        let inQueue = try await LiveBroker.messageCount(queueName, settings: settings)
        let keptLines = log.entries.filter { $0.message.description == kept }
        print("blocked retry (403): \(inQueue) in the consumer queue, \(keptLines.count) requeues logged")
        #expect(inQueue == UInt32(count), "every message is in the consumer queue")
        for id in ids {
            #expect(keptLines.contains { $0.metadata["message_id"]?.description == id && $0.level == .error }, "no log line keeps \(id)")
        }
        // The backoff grows per consumer while the failures go on.
        let streaks = keptLines.compactMap { $0.metadata["failures_in_a_row"]?.description }.compactMap(Int.init)
        #expect(streaks.max() ?? 0 >= 2 * count)
    }
}
