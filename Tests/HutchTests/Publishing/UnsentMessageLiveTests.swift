import Dispatch
import Foundation
import Hutch
import HutchConventions
import HutchTestSupport
import MetricsTestKit
import Synchronization
import Testing

@testable import HutchAMQP

/// A publish without confirms returns once the message is queued to the I/O thread; what
/// happens to it afterwards is reported, never silent (``UnsentMessage``), and the failure
/// of its channel or connection reaches a later publish, as when each publish waited.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(3)))
struct UnsentMessageLiveTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)

    /// Settings with a connection name of its own, and a queue bound to a routing key.
    static func prepare(_ name: String, metrics: TestMetrics) async throws -> (HutchClientSettings, queue: String, routingKey: String) {
        var settings = try LiveBroker.settings(profile: profile, exchange: LiveBroker.uniqueName("\(name)-x"))
        settings.connection.connectionName = LiveBroker.uniqueName("\(name)-connection")
        settings.observability.metricsFactory = metrics
        let queue = LiveBroker.uniqueName("\(name)-q")
        let routingKey = LiveBroker.uniqueName("\(name)-rk")
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        _ = try await TopologyDeclarer(settings: settings).declare(consumers: [], on: amqp, channel: channel)
        try await amqp.declare(.queueDeclare(QueueDeclare(queue: queue)), on: channel)
        try await amqp.declare(
            .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routingKey)), on: channel)
        await amqp.close()
        return (settings, queue, routingKey)
    }

    /// Reads `publisher.unsentMessages` into a list.
    static func collect(_ publisher: Publisher) -> (Locked<[UnsentMessage]>, Task<Void, Never>) {
        let seen = Locked<[UnsentMessage]>([])
        let reading = Task {
            for await unsent in publisher.unsentMessages { seen.withLock { $0.append(unsent) } }
        }
        return (seen, reading)
    }

    @Test func aMessageQueuedWhenTheConnectionDiesIsReportedAndTheNextPublishGoesToANewConnection() async throws {
        let metrics = TestMetrics()
        let (settings, queue, routingKey) = try await Self.prepare("unsent-connection", metrics: metrics)
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [queue]) } }
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("unsent-connection"))
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("unsent-connection"))
        let (seen, reading) = Self.collect(publisher)
        defer { reading.cancel() }
        try await publisher.publish(routingKey, ["n": 0])
        let amqp = try await hutch.connection()

        // Five publishes queued while the I/O thread is busy; the broker closes the
        // connection before the thread takes them. Each call has returned already.
        let release = DispatchSemaphore(value: 0)
        await withCheckedContinuation { (held: CheckedContinuation<Void, Never>) in
            _ = amqp.loop.submit { core in
                held.resume()
                release.wait()
                let giveUp = ContinuousClock.now + .seconds(10)
                while core.socketDescriptor >= 0, ContinuousClock.now < giveUp {
                    core.pump()
                    usleep(10_000)
                }
            }
        }
        for n in 1...5 { try await publisher.publish(routingKey, ["n": n]) }
        let name = try #require(settings.connection.connectionName)
        let brokerSide = try await TestBroker.connection(named: name)
        try await TestBroker.close(brokerSide, reason: "test: publishes queued behind a closed connection")
        release.signal()

        try await waitUntil(timeout: .seconds(15)) { seen.value.count == 5 }
        let unsent = seen.value
        #expect(unsent.count == 5)
        #expect(unsent.allSatisfy { $0.error.scope == .connection && $0.message.routingKey == routingKey }, "\(unsent.map(\.error))")
        #expect(Set(unsent.compactMap(\.messageID)).count == 5, "each reported with its own message id")
        #expect(metrics.counterTotal(label: "hutch_unsent_total") == 5)

        // The next publish learns the connection is gone, reconnects and is written.
        try await publisher.publish(routingKey, ["n": 6])
        #expect(await hutch.generation == 2)
        try await waitUntil(timeout: .seconds(10)) { (try? await LiveBroker.messageCount(queue, settings: settings)) == 2 }
        #expect(try await LiveBroker.messageCount(queue, settings: settings) == 2, "the first and the last publish; the five were reported")
        await hutch.close()
    }

    @Test func aChannelTheBrokerClosedIsReportedOnALaterPublishThenReplaced() async throws {
        let metrics = TestMetrics()
        let (settings, queue, routingKey) = try await Self.prepare("unsent-channel", metrics: metrics)
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [queue]) } }
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("unsent-channel"))
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("unsent-channel"))
        let missing = OutgoingMessage(
            exchange: LiveBroker.uniqueName("missing-x"), routingKey: routingKey, properties: BasicProperties(), body: Array("{}".utf8))
        try await publisher.send(missing, confirm: false)

        // The broker closes the channel (404) asynchronously: a later publish throws it.
        var closed: AMQPError?
        for n in 1...200 where closed == nil {
            do {
                try await publisher.publish(routingKey, ["n": n])
                try await Task.sleep(for: .milliseconds(20))
            } catch let error as AMQPError {
                closed = error
            }
        }
        let error = try #require(closed, "no publish reported the channel the broker closed")
        #expect(error.replyCode == 404)
        #expect(error.code == .channelClosed || error.scope == .channel, "\(error)")

        // The next one goes out on a new channel and arrives; the ones in between went to
        // the dead channel (the broker drops them, as with awaited publishes) or were reported.
        try await publisher.publish(routingKey, ["n": "last"])
        try await waitUntil(timeout: .seconds(10)) { (try? await LiveBroker.messageCount(queue, settings: settings)) == 1 }
        #expect(try await LiveBroker.messageCount(queue, settings: settings) == 1)
        #expect(await hutch.generation == 1, "a channel failure does not cost the connection")
        await hutch.close()
    }
}
