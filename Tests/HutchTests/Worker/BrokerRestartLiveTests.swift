import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// Only declares the queue the restart tests publish into; never run.
struct RestartPublishedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("restart-published-q")
    static let routingKeys = [LiveBroker.uniqueName("restart-published-rk")]
    func process(_ message: ReceivedMessage<JSONValue>) async throws {}
}

/// Records every delivery, waits while the test holds the gate (so that deliveries are
/// in flight, whatever the machine's speed, when the broker goes away), then finishes.
struct RestartConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("restart-consumed-q")
    static let routingKeys = [LiveBroker.uniqueName("restart-consumed-rk")]
    let tracker: DeliveryTracker
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws {
        await tracker.delivered(message.body.n, redelivered: message.redelivered)
        try await Task.sleep(for: .milliseconds(5))
        while await tracker.held { try await Task.sleep(for: .milliseconds(5)) }
        await tracker.handled(message.body.n)
    }
}

/// Per message number: how often it was delivered (and whether each delivery carried the
/// broker's `redelivered` flag) and how often its handler finished (the worker then acks).
actor DeliveryTracker {
    private(set) var deliveries: [Int: [Bool]] = [:]
    private(set) var completions: [Int: Int] = [:]
    /// While true, handlers wait before finishing.
    private(set) var held = false

    func delivered(_ n: Int, redelivered: Bool) { deliveries[n, default: []].append(redelivered) }
    func handled(_ n: Int) { completions[n, default: 0] += 1 }
    func hold(_ value: Bool) { held = value }
    var handledCount: Int { completions.count }
}

/// What a publisher saw while the broker restarted.
actor PublishTally {
    private(set) var confirmed: [Int] = []
    private(set) var failed: [(Int, String)] = []
    private(set) var slowest: Duration = .zero

    func confirmed(_ n: Int, took: Duration) {
        confirmed.append(n)
        slowest = max(slowest, took)
    }
    func failed(_ n: Int, _ error: any Error) { failed.append((n, "\(error)")) }
}

/// A real broker restart (`rabbitmqctl stop_app` / `start_app` on a dedicated instance,
/// ``RestartableBroker``): every connection is closed with 320 CONNECTION_FORCED, the port
/// refuses connections until RabbitMQ is back, durable queues and persistent messages
/// are recovered. Serialized: both tests restart the same instance.
@Suite(LiveBroker.reachable, RestartableBroker.available, .serialized, .timeLimit(.minutes(2)))
struct BrokerRestartLiveTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false)

    static func settings() throws -> HutchClientSettings {
        var settings = HutchClientSettings(connection: try RestartableBroker.options(), profile: profile)
        settings.topology.mqExchange = LiveBroker.uniqueName("restart-x")
        // Patient enough to wait out a restart (about 2 minutes at most), quick to notice its end.
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(100), maximum: .milliseconds(500), maxAttempts: 300)
        settings.publisherConfirms = true
        settings.confirmTimeout = .seconds(10)
        settings.gracefulExitTimeout = .seconds(5)
        settings.concurrency = 4
        settings.topology.channelPrefetch = 20
        return settings
    }

    /// Declares the exchange and `consumer`'s queue, as the worker would.
    static func declareTopology(_ settings: HutchClientSettings, for consumer: ConsumerDefinition) async throws {
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        _ = try await TopologyDeclarer(settings: settings).declare(consumers: [consumer], on: amqp, channel: channel)
        await amqp.close()
    }

    @Test func everyPublishConfirmedAcrossARestartIsConsumedAfterwards() async throws {
        let settings = try Self.settings()
        let queue = RestartPublishedConsumer.queueName ?? ""
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [queue]) } }
        try await Self.declareTopology(settings, for: RestartPublishedConsumer.definition)
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("restart-publish"))
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("restart-publish"))
        let tally = PublishTally()
        let restarted = Locked(false)

        // Publish at about 100 a second until 100 more were confirmed after the restart,
        // 3000 at most; a publish that meets the restart waits in the reconnect backoff.
        let publishing = Task {
            var n = 0
            var afterRestart = 0
            while n < 3000 && afterRestart < 100 {
                let started = ContinuousClock.now
                do {
                    try await publisher.publish(RestartPublishedConsumer.routingKeys[0], ["n": n])
                    await tally.confirmed(n, took: ContinuousClock.now - started)
                } catch {
                    await tally.failed(n, error)
                }
                if restarted.value { afterRestart += 1 }
                n += 1
                try await Task.sleep(for: .milliseconds(10))
            }
            return n
        }
        try await waitUntil(timeout: .seconds(10)) { await tally.confirmed.count >= 100 }
        let (stopTook, startTook) = try await RestartableBroker.restart()
        restarted.withLock { $0 = true }
        let published = try await publishing.value
        let generations = await hutch.generation
        await hutch.close()

        // Read everything the queue holds now.
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        let held = try #require(try await amqp.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: channel)).messageCount
        var received: [Int] = []
        var iterator = try await amqp.consume(BasicConsume(queue: queue, consumerTag: "drain", noAck: true), on: channel)
            .makeAsyncIterator()
        while received.count < Int(held), let delivery = try await iterator.next() {
            received.append(try JSONDecoder().decode(RestartConsumer.Body.self, from: Data(delivery.body)).n)
        }
        await amqp.close()

        let confirmed = await tally.confirmed
        let failed = await tally.failed
        let lost = Set(confirmed).subtracting(received)
        print(
            """
            restart while publishing: stop_app \(stopTook), start_app \(startTook); \(published) publishes, \(confirmed.count) confirmed, \
            \(failed.count) failed; slowest confirmed publish \(await tally.slowest); \(generations) connections; \
            afterwards the queue held \(held) (\(Set(received).count) distinct, \(received.count - Set(received).count) duplicates); \
            confirmed but lost: \(lost.count)
            """)
        for (n, error) in failed.prefix(5) { print("  publish \(n) failed: \(error)") }
        #expect(lost.isEmpty, "confirmed but not consumed: \(lost.sorted().prefix(20))")
        #expect(generations >= 2)
        #expect(confirmed.count >= 200)
        #expect(await tally.slowest >= .milliseconds(500), "no publish waited for the restart")
    }

    @Test func aWorkerConsumingAcrossARestartHandlesEveryMessageAndRedeliversOnlyUnacked() async throws {
        let settings = try Self.settings()
        let queue = RestartConsumer.queueName ?? ""
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [queue]) } }
        try await Self.declareTopology(settings, for: RestartConsumer.definition)
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("restart-consume"))
        let count = 300
        let loader = Publisher(connection: hutch)
        for n in 0..<count { try await loader.publish(RestartConsumer.routingKeys[0], ["n": n]) }

        let tracker = DeliveryTracker()
        let worker = Worker(connection: hutch, consumers: [RestartConsumer(tracker: tracker)], logger: LiveBroker.logger("restart-consume"))
        let running = start(worker)
        try await waitUntil(timeout: .seconds(20)) { await tracker.handledCount >= 60 }
        // Hold the handlers: the prefetch window (20) fills up and stays unacknowledged
        // while RabbitMQ stops; the rest waits in the durable queue.
        await tracker.hold(true)
        let handledBefore = await tracker.handledCount
        let (stopTook, startTook) = try await RestartableBroker.restart()
        await tracker.hold(false)
        let restartedAt = ContinuousClock.now
        try await worker.waitForSubscription(number: 2)
        let resubscribed = ContinuousClock.now - restartedAt
        try await waitUntil(timeout: .seconds(30)) { await tracker.handledCount >= count }
        try await Task.sleep(for: .milliseconds(300))
        worker.shutdown()
        try await running.value
        let subscriptions = worker.subscriptions
        await hutch.close()
        let remaining = try await LiveBroker.messageCount(queue, settings: settings)

        let deliveries = await tracker.deliveries
        let completions = await tracker.completions
        let again = deliveries.filter { $0.value.count > 1 }
        let redeliveredWithoutFlag = again.filter { $0.value.dropFirst().contains(false) }
        let handledTwice = completions.filter { $0.value > 1 }
        print(
            """
            restart while consuming: loaded \(count); \(handledBefore) handled, then handlers held across stop_app (\(stopTook)) \
            and start_app (\(startTook)), \
            resubscribed \(resubscribed) after it (\(subscriptions) subscriptions); \(completions.count) of \(count) handled, \
            \(deliveries.values.map(\.count).reduce(0, +)) deliveries, \(again.count) delivered again (all flagged redelivered: \
            \(redeliveredWithoutFlag.isEmpty)), \(handledTwice.count) handled twice; \(remaining) left in the queue
            """)
        #expect(Set(completions.keys) == Set(0..<count), "not handled: \(Set(0..<count).subtracting(completions.keys).sorted().prefix(20))")
        // Only what was unacknowledged when the connection died comes back (at most the
        // prefetch), once, flagged redelivered; everything else is delivered exactly once.
        #expect(again.count > 0 && again.count <= 20)
        #expect(redeliveredWithoutFlag.isEmpty)
        #expect(deliveries.values.map(\.count).reduce(0, +) == count + again.count)
        // A delivery acked twice would close the channel (406 unknown delivery tag) and
        // force a third subscription; nothing is left unacknowledged or requeued.
        #expect(subscriptions == 2)
        #expect(remaining == 0)
    }
}
