import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import InMemoryLogging
import Logging
import Testing

/// Names one run of ``RetryBlockedConsumer``, so parametrized cases running at the same
/// time each have their own queue.
protocol RetryBlockedCase: Sendable { static var name: String { get } }
enum NackedRetryKept: RetryBlockedCase { static let name = LiveBroker.uniqueName("nacked-kept") }
enum NackedRetryDead: RetryBlockedCase { static let name = LiveBroker.uniqueName("nacked-dead") }
enum NackedRetryDeadRefused: RetryBlockedCase { static let name = LiveBroker.uniqueName("nacked-dead-refused") }
enum MissingScheduleKept: RetryBlockedCase { static let name = LiveBroker.uniqueName("no-schedule-kept") }
enum RefusedScheduleKept: RetryBlockedCase { static let name = LiveBroker.uniqueName("refused-schedule-kept") }
enum OddXDeathKept: RetryBlockedCase { static let name = LiveBroker.uniqueName("odd-x-death-kept") }
enum OddXDeathDead: RetryBlockedCase { static let name = LiveBroker.uniqueName("odd-x-death-dead") }

/// Fails every message; hutch-schedule would retry it twice.
struct RetryBlockedConsumer<Case: RetryBlockedCase>: HutchConsumer {
    static var queueName: String? { "\(Case.name)-q" }
    static var routingKeys: [String] { ["\(Case.name)-rk"] }
    static var attempts: Int { 2 }
    struct Boom: Error {}
    func process(_ message: ReceivedMessage<JSONValue>) async throws { throw Boom() }
}

/// How the retry is made impossible, and where the messages must end up.
struct BlockedRetry: Sendable, CustomTestStringConvertible {
    enum Fault: Sendable {
        /// A policy gives the delay queues `max-length 0` and `overflow reject-publish`:
        /// the broker nacks the retry republish.
        case delayQueuesRejectPublish
        /// The same, and the dead queue rejects publishes too.
        case delayAndDeadQueuesRejectPublish
        /// The schedule exchange is deleted: the republish meets 404 NOT_FOUND. (The
        /// publisher's next channel declares it again, so only the first retry fails:
        /// one message.)
        case scheduleExchangeDeleted
        /// The user may not write to the schedule exchange (in a vhost of the test's
        /// own): the republish meets 403 ACCESS_REFUSED.
        case scheduleExchangeRefused
        /// The messages carry an `x-death` that is a string: Ruby's MaxRetry raises.
        case xDeathIsAString
    }

    var fault: Fault
    var deadQueue: Bool
    var queueName: String
    var routingKey: String
    var consumer: any HutchConsumer

    init<Case: RetryBlockedCase>(_ fault: Fault, deadQueue: Bool, _: Case.Type) {
        self.fault = fault
        self.deadQueue = deadQueue
        queueName = RetryBlockedConsumer<Case>.queueName ?? ""
        routingKey = RetryBlockedConsumer<Case>.routingKeys[0]
        consumer = RetryBlockedConsumer<Case>()
    }

    /// Whether the messages must end in the dead queue (else back in the consumer queue).
    var endsInDeadQueue: Bool { deadQueue && fault != .delayAndDeadQueuesRejectPublish }

    /// How many messages the case sends.
    var count: Int { fault == .scheduleExchangeDeleted ? 1 : 5 }

    var testDescription: String { "\(fault), dead queue \(deadQueue ? "on" : "off")" }

    static let all = [
        BlockedRetry(.delayQueuesRejectPublish, deadQueue: false, NackedRetryKept.self),
        BlockedRetry(.delayQueuesRejectPublish, deadQueue: true, NackedRetryDead.self),
        BlockedRetry(.delayAndDeadQueuesRejectPublish, deadQueue: true, NackedRetryDeadRefused.self),
        BlockedRetry(.scheduleExchangeDeleted, deadQueue: false, MissingScheduleKept.self),
        BlockedRetry(.scheduleExchangeRefused, deadQueue: false, RefusedScheduleKept.self),
        BlockedRetry(.xDeathIsAString, deadQueue: false, OddXDeathKept.self),
        BlockedRetry(.xDeathIsAString, deadQueue: true, OddXDeathDead.self)
    ]
}

/// A failed message whose retry cannot be republished, or whose `x-death` Ruby's MaxRetry
/// cannot read, is never nacked into nothing: it is dead-queued when a dead queue is
/// configured (and that publish works), else kept and requeued after a backoff, and the
/// log says so for each message.
@Suite struct FailedRetryLiveTests {
    static let hutch110 = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)

    @Test(LiveBroker.reachable, arguments: BlockedRetry.all)
    func aMessageWhoseRetryFailsIsKeptOrDeadQueuedNeverDropped(blocked: BlockedRetry) async throws {
        let virtualHost = blocked.fault == .scheduleExchangeRefused ? LiveBroker.uniqueName("vhost") : nil
        if let virtualHost { try await LiveBroker.makeVirtualHost(virtualHost) }
        defer { if let virtualHost { Task { await LiveBroker.deleteVirtualHost(virtualHost) } } }
        var configured = try LiveBroker.settings(profile: Self.hutch110, virtualHost: virtualHost)
        configured.deadQueue = blocked.deadQueue
        configured.requeueBackoff = ReconnectBackoff(initial: .milliseconds(200), maximum: .seconds(1))
        let settings = configured
        let exchange = settings.topology.mqExchange
        let deadQueue = DeadQueue(exchange: exchange).queueName
        let policy = LiveBroker.uniqueName("reject-publish")
        defer {
            Task {
                _ = try? await LiveBroker.ctl(["clear_policy", "-p", "/", policy])
                await LiveBroker.cleanUp(settings: settings, queues: [blocked.queueName])
            }
        }
        let log = InMemoryLogHandler()
        var logger = Logger(label: "failed-retry") { _ in log }
        logger.logLevel = .info
        let hutch = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: hutch, consumers: [blocked.consumer], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()
        // The publisher opens its channel (declaring the schedule exchange) before the fault.
        try await worker.publisher.publish(LiveBroker.uniqueName("nobody-listens"), ["warm": "up"], confirm: true)
        try await Self.breakRetries(blocked.fault, settings: settings, policy: policy)

        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.confirmSelect(on: channel)
        var ids: [String] = []
        for n in 0..<blocked.count {
            var properties = BasicProperties(contentType: "application/json", deliveryMode: 2, messageID: "blocked-\(n)")
            if blocked.fault == .xDeathIsAString { properties.headers = FieldTable(pairs: [("x-death", .string("not an array"))]) }
            ids.append(properties.messageID ?? "")
            try await amqp.publishConfirmed(
                BasicPublish(exchange: exchange, routingKey: blocked.routingKey), properties: properties,
                body: Array(#"{"n":\#(n)}"#.utf8), on: channel)
        }
        await amqp.close()

        let kept = "keeping the message: requeueing it after a backoff, because a failure handler failed"
        if blocked.endsInDeadQueue {
            try await waitUntil(timeout: .seconds(20)) {
                (try? await LiveBroker.messageCount(deadQueue, settings: settings)) == UInt32(blocked.count)
            }
        } else {
            // Every message kept (twice while the fault lasts: requeued, redelivered, kept again).
            let rounds = blocked.fault == .scheduleExchangeDeleted ? 1 : 2
            try await waitUntil(timeout: .seconds(20)) {
                Set(log.entries.filter { $0.message.description == kept }.compactMap { $0.metadata["message_id"]?.description }) == Set(ids)
                    && log.entries.filter { $0.message.description == kept }.count >= rounds * blocked.count
            }
        }
        worker.shutdown()
        try await running.value
        await hutch.close()

        // After the 404 the publisher declares the schedule exchange again: a later retry
        // of the message may have reached the 5 s delay queue.
        let delayQueue = DelayLevel(forInterval: 5).delayQueueName(config: settings.topology, profile: settings.profile)
        let delayed = try await LiveBroker.messageCount(delayQueue, settings: settings)
        let inQueue = try await LiveBroker.messageCount(blocked.queueName, settings: settings) + delayed
        let dead = blocked.deadQueue ? try await LiveBroker.messageCount(deadQueue, settings: settings) : 0
        let keptLines = log.entries.filter { $0.message.description == kept }
        print(
            "blocked retry (\(blocked.testDescription)): \(inQueue) in the consumer queue, \(dead) dead-queued, \(keptLines.count) requeues logged, delays \(keptLines.prefix(8).compactMap { $0.metadata["delay"]?.description })"
        )
        for line in [log.entries.first { $0.message.description.hasPrefix("error handler") }, keptLines.first] {
            if let line { print("  logged: \(line.level) \(line.message) \(line.metadata.sorted { $0.key < $1.key })") }
        }
        #expect(inQueue + dead == UInt32(blocked.count), "every message is in the consumer queue or the dead queue")
        if blocked.endsInDeadQueue {
            #expect(dead == UInt32(blocked.count))
        } else {
            #expect(inQueue == UInt32(blocked.count))
            for id in ids {
                #expect(
                    keptLines.contains { $0.metadata["message_id"]?.description == id && $0.level == .error }, "no log line keeps \(id)")
            }
            // The backoff grows per consumer while the failures go on.
            let streaks = keptLines.compactMap { $0.metadata["failures_in_a_row"]?.description }.compactMap(Int.init)
            #expect(streaks.max() ?? 0 >= (blocked.fault == .scheduleExchangeDeleted ? 1 : 2 * blocked.count))
        }
    }

    /// Makes the retry republish (and for one case the dead-queue publish) fail.
    static func breakRetries(_ fault: BlockedRetry.Fault, settings: HutchClientSettings, policy: String) async throws {
        let exchange = settings.topology.mqExchange
        switch fault {
        case .delayQueuesRejectPublish, .delayAndDeadQueuesRejectPublish:
            var queues = DelayLevel.all.map { $0.delayQueueName(config: settings.topology, profile: settings.profile) }
            if fault == .delayAndDeadQueuesRejectPublish { queues.append(DeadQueue(exchange: exchange).queueName) }
            let pattern = "^(" + queues.map { $0.replacingOccurrences(of: ".", with: "\\.") }.joined(separator: "|") + ")$"
            try await LiveBroker.ctl([
                "set_policy", "-p", "/", "--apply-to", "queues", "--priority", "100", policy, pattern,
                #"{"max-length":0,"overflow":"reject-publish"}"#
            ])
        case .scheduleExchangeDeleted:
            let amqp = try await AMQPConnection.connect(settings.connection)
            let channel = try await amqp.openChannel()
            try await amqp.deleteExchange(DelayLevel.scheduleExchange(for: exchange), on: channel)
            await amqp.close()
        case .scheduleExchangeRefused:
            let schedule = DelayLevel.scheduleExchange(for: exchange).replacingOccurrences(of: ".", with: "\\.")
            try await LiveBroker.ctl(["set_permissions", "-p", settings.connection.virtualHost, "guest", ".*", "^(?!\(schedule)$).*", ".*"])
        case .xDeathIsAString:
            break
        }
    }
}
