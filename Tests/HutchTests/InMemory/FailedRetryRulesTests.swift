import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import InMemoryLogging
import Logging
import Testing

enum NackedRetryKept: RetryBlockedCase { static let name = LiveBroker.uniqueName("nacked-kept") }
enum NackedRetryDead: RetryBlockedCase { static let name = LiveBroker.uniqueName("nacked-dead") }
enum NackedRetryDeadRefused: RetryBlockedCase { static let name = LiveBroker.uniqueName("nacked-dead-refused") }
enum MissingScheduleKept: RetryBlockedCase { static let name = LiveBroker.uniqueName("no-schedule-kept") }
enum OddXDeathKept: RetryBlockedCase { static let name = LiveBroker.uniqueName("odd-x-death-kept") }
enum OddXDeathDead: RetryBlockedCase { static let name = LiveBroker.uniqueName("odd-x-death-dead") }

/// How the in-memory broker makes the retry impossible, and where the messages must end up.
struct UnretryableFailure: Sendable, CustomTestStringConvertible {
    enum Fault: Sendable {
        /// The broker nacks the retry republish (``InMemoryConnection/nackNextPublishes(_:)``;
        /// RabbitMQ does so for a delay queue with `overflow reject-publish`).
        case retryNacked
        /// The broker nacks the retry and the dead-queue publish.
        case retryAndDeadQueueNacked
        /// The schedule exchange is deleted: the republish meets 404 NOT_FOUND. (The
        /// publisher's next channel declares it again, so only the first retry fails:
        /// one message.)
        case scheduleExchangeMissing
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
    var endsInDeadQueue: Bool { deadQueue && fault != .retryAndDeadQueueNacked }

    /// How many messages the case sends.
    var count: Int { fault == .scheduleExchangeMissing ? 1 : 5 }

    var testDescription: String { "\(fault), dead queue \(deadQueue ? "on" : "off")" }

    static let all = [
        UnretryableFailure(.retryNacked, deadQueue: false, NackedRetryKept.self),
        UnretryableFailure(.retryNacked, deadQueue: true, NackedRetryDead.self),
        UnretryableFailure(.retryAndDeadQueueNacked, deadQueue: true, NackedRetryDeadRefused.self),
        UnretryableFailure(.scheduleExchangeMissing, deadQueue: false, MissingScheduleKept.self),
        UnretryableFailure(.xDeathIsAString, deadQueue: false, OddXDeathKept.self),
        UnretryableFailure(.xDeathIsAString, deadQueue: true, OddXDeathDead.self)
    ]
}

/// The client-rule half of `FailedRetryLiveTests` on the in-memory broker: a failed
/// message whose retry cannot be republished, or whose `x-death` Ruby's MaxRetry cannot
/// read, is never nacked into nothing: it is dead-queued when a dead queue is configured
/// (and that publish works), else kept and requeued after a backoff, and the log says so
/// for each message. The broker nacks or answers 404 when the test says so (no policy set
/// with `rabbitmqctl`); the 403 case needs a broker's permissions and stays live.
@Suite struct FailedRetryRulesTests {
    static let hutch110 = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)
    static let nacksForTheWholeTest = 100_000
    static let kept = "keeping the message: requeueing it after a backoff, because a failure handler failed"

    @Test(arguments: UnretryableFailure.all)
    func aMessageWhoseRetryFailsIsKeptOrDeadQueuedNeverDropped(failure: UnretryableFailure) async throws {
        var settings = InMemoryHutch.settings(profile: Self.hutch110)
        settings.deadQueue = failure.deadQueue
        settings.requeueBackoff = ReconnectBackoff(initial: .milliseconds(1), maximum: .milliseconds(5))
        let exchange = settings.topology.mqExchange
        let deadQueue = DeadQueue(exchange: exchange).queueName
        let client = InMemoryHutch(settings: settings, label: "failed-retry")
        let broker = client.broker
        let log = InMemoryLogHandler()
        var logger = Logger(label: "failed-retry") { _ in log }
        logger.logLevel = .info
        let worker = Worker(connection: client.hutch, consumers: [failure.consumer], logger: logger)
        let running = start(worker)
        try await worker.waitForSubscription()
        // The publisher opens its channel (declaring the schedule exchange) before the fault.
        try await worker.publisher.publish(LiveBroker.uniqueName("nobody-listens"), ["warm": "up"], confirm: true)

        let sender = broker.connect()
        let channel = try await sender.openChannel()
        try await sender.confirmSelect(on: channel)
        let workers = try #require(client.current)
        switch failure.fault {
        case .retryNacked where failure.deadQueue:
            // One message at a time: its retry is nacked, its dead-queue publish is not.
            break
        case .retryNacked, .retryAndDeadQueueNacked:
            // Every retry and dead-queue publish while the test lasts (the requeued messages
            // come back every few milliseconds).
            workers.nackNextPublishes(Self.nacksForTheWholeTest)
        case .scheduleExchangeMissing:
            try await sender.deleteExchange(DelayLevel.scheduleExchange(for: exchange), on: channel)
        case .xDeathIsAString:
            break
        }

        var ids: [String] = []
        for n in 0..<failure.count {
            var properties = BasicProperties(contentType: "application/json", deliveryMode: 2, messageID: "blocked-\(n)")
            if failure.fault == .xDeathIsAString { properties.headers = FieldTable(pairs: [("x-death", .string("not an array"))]) }
            ids.append(properties.messageID ?? "")
            if failure.fault == .retryNacked, failure.deadQueue { workers.nackNextPublishes(1) }
            try await sender.publishConfirmed(
                BasicPublish(exchange: exchange, routingKey: failure.routingKey), properties: properties,
                body: Array(#"{"n":\#(n)}"#.utf8), on: channel)
            if failure.fault == .retryNacked, failure.deadQueue {
                try await broker.waitUntil("message \(n) dead-queued") { $0.readyMessages(in: deadQueue)?.count == n + 1 }
            }
        }
        await sender.close()

        if failure.endsInDeadQueue {
            try await broker.waitUntil("every message dead-queued") { $0.readyMessages(in: deadQueue)?.count == failure.count }
        } else {
            // Every message kept (twice while the fault lasts: requeued, redelivered, kept again).
            let rounds = failure.fault == .scheduleExchangeMissing ? 1 : 2
            try await waitUntil(timeout: .seconds(20)) {
                let keptLines = log.entries.filter { $0.message.description == Self.kept }
                return Set(keptLines.compactMap { $0.metadata["message_id"]?.description }) == Set(ids)
                    && keptLines.count >= rounds * failure.count
            }
        }
        worker.shutdown()
        try await running.value
        await client.hutch.close()

        let inQueue = broker.readyMessages(in: failure.queueName)?.count ?? 0
        let dead = broker.readyMessages(in: deadQueue)?.count ?? 0
        let keptLines = log.entries.filter { $0.message.description == Self.kept }
        let settled = broker.settlements(in: failure.queueName).map(\.settlement)
        if failure.endsInDeadQueue {
            #expect(dead == failure.count)
            #expect(settled.allSatisfy { $0 == .nacked } && settled.count == failure.count, "nacked once dead-queued: \(settled)")
        } else {
            // After the 404 the publisher declares the schedule exchange again: a later retry
            // of the message may have reached the 5 s delay queue, where the clock keeps it.
            let delayQueue = DelayLevel(forInterval: 5).delayQueueName(config: settings.topology, profile: settings.profile)
            let delayed = failure.fault == .scheduleExchangeMissing ? broker.readyMessages(in: delayQueue)?.count ?? 0 : 0
            #expect(inQueue + delayed == failure.count, "every message is in the consumer queue")
            if failure.deadQueue {
                // A nacked publish is not enqueued (as RabbitMQ's reject-publish): nothing reached the dead queue.
                #expect(dead == 0, "nacked dead-queue publishes were enqueued")
            } else {
                #expect(!broker.hasQueue(deadQueue), "no dead queue was ever declared")
            }
            // No message was nacked into nothing: only one whose retry reached the delay queue.
            #expect(settled.filter { $0 == .nacked }.count == delayed, "kept messages were nacked: \(settled)")
            for id in ids {
                #expect(
                    keptLines.contains { $0.metadata["message_id"]?.description == id && $0.level == .error }, "no log line keeps \(id)")
            }
            // The backoff grows per consumer while the failures go on.
            let streaks = keptLines.compactMap { $0.metadata["failures_in_a_row"]?.description }.compactMap(Int.init)
            #expect(streaks.max() ?? 0 >= (failure.fault == .scheduleExchangeMissing ? 1 : 2 * failure.count))
        }
    }
}
