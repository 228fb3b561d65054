import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchOperator
import HutchTestSupport
import Testing

/// `hutch delays` against the real broker: messages sent with hutch-schedule's
/// `enqueue_in` wait in their level's delay queue; the tool counts them, dates the oldest
/// from its timestamp and expiration, and names their consumer — without taking them.
@Suite(OperatorBroker.reachable, .timeLimit(.minutes(2)))
struct DelayInspectorLiveTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)

    /// Declares the schedule topology and enqueues two messages for the consumer at 60 s and
    /// one for an unbound routing key at 120 s, all stamped `timestamp`.
    static func enqueue(_ broker: OperatorBroker, timestamp: Int64, other: String) async throws {
        try await TopologyDeclarer(settings: broker.settings).declare(
            consumers: [], on: broker.connection, channel: broker.channel, includeQos: false)
        let environment = PublishEnvironment(now: { timestamp }, nextMessageID: { UUID().uuidString.lowercased() })
        for (seconds, key) in [(60, broker.routingKey), (60, broker.routingKey), (120, other)] {
            let message = try Publisher.enqueueInMessage(
                .seconds(Int64(seconds)), json: ["key": .string(key)], routingKeys: [key],
                configuration: broker.settings.publisherConfiguration, environment: environment)
            try await broker.connection.publishConfirmed(
                BasicPublish(exchange: message.exchange, routingKey: message.routingKey), properties: message.properties,
                body: message.body,
                on: broker.channel)
        }
    }

    @Test("Waiting counts, the oldest message's due time, destinations by CC key and (with the management API) queue")
    func delaysAreCountedDatedAndRouted() async throws {
        let broker = try await OperatorBroker.make(profile: Self.profile)
        defer { Task { await broker.cleanUp() } }
        let timestamp = Int64(Date().timeIntervalSince1970)
        let other = TestBroker.uniqueName(area: "operator", "unbound")
        try await Self.enqueue(broker, timestamp: timestamp, other: other)
        let bindings = try await OperatorBroker.management?
            .queueBindings(exchange: broker.exchange, virtualHost: "/").map { QueueBinding(queue: $0.queue, bindingKey: $0.routingKey) }
        if bindings == nil {
            print("DelayInspectorLiveTests: HUTCH_TEST_MANAGEMENT_URL is not set; destinations are checked by routing key only")
        }

        let levels = try await DelayInspector(
            connection: broker.connection, config: broker.settings.topology, profile: Self.profile, bindings: bindings
        ).inspect()
        #expect(levels.map(\.level) == DelayLevel.all)
        #expect(levels.allSatisfy { $0.declared })
        let sixty = try #require(levels.first { $0.level.seconds == 60 })
        #expect(sixty.queue == "\(broker.exchange)_delay_queue_60s")
        #expect(sixty.waiting == 2)
        #expect(sixty.oldestDue == Date(timeIntervalSince1970: TimeInterval(timestamp + 60)))
        #expect(sixty.peeked == 2)
        #expect(sixty.destinations.map(\.routingKey) == [broker.routingKey])
        #expect(sixty.destinations.map(\.messages) == [2])
        let twoMinutes = try #require(levels.first { $0.level.seconds == 120 })
        #expect(twoMinutes.waiting == 1)
        #expect(twoMinutes.destinations.map(\.routingKey) == [other])
        if bindings != nil {
            #expect(sixty.destinations.first?.queues == [broker.consumerQueue])
            #expect(twoMinutes.destinations.first?.queues == [])
        }
        #expect(levels.filter { $0.waiting > 0 }.count == 2)
        #expect(try await broker.count(sixty.queue) == 2)

        let undeclared = try await DelayInspector(
            connection: broker.connection, config: TopologyConfig.defaults(for: Self.profile).with(exchange: broker.exchange + "-none"),
            profile: Self.profile
        ).inspect()
        #expect(undeclared.allSatisfy { !$0.declared && $0.waiting == 0 })
    }

    @Test("hutch delays --json: the same figures from the command", HutchBinary.built)
    func commandPrintsJSON() async throws {
        let broker = try await OperatorBroker.make(profile: Self.profile)
        defer { Task { await broker.cleanUp() } }
        let timestamp = Int64(Date().timeIntervalSince1970)
        try await Self.enqueue(broker, timestamp: timestamp, other: TestBroker.uniqueName(area: "operator", "unbound"))
        var arguments = ["delays", "--json", "--exchange", broker.exchange]
        if let management = TestBroker.managementURL { arguments += ["--management-url", management] }
        let result = try await HutchBinary.run(arguments, environment: ["HUTCH_URI": try #require(TestBroker.url)])
        #expect(result.status == 0, "\(result.error)")
        let text = try await HutchBinary.run(arguments.filter { $0 != "--json" }, environment: ["HUTCH_URI": try #require(TestBroker.url)])
        print(text.output, terminator: "")
        #expect(text.status == 0)
        #expect(text.output.contains("60s: \(broker.exchange)_delay_queue_60s 2 waiting, oldest due "))
        let levels = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        let sixty = try #require(levels.first { $0["level"] as? String == "60s" })
        #expect(sixty["waiting"] as? Int == 2)
        #expect(
            sixty["oldestDue"] as? String == ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(timestamp + 60))))
        let destinations = try #require(sixty["destinations"] as? [[String: Any]])
        #expect(destinations.first?["routingKey"] as? String == broker.routingKey)
    }
}

extension TopologyConfig {
    /// The config with another main exchange.
    func with(exchange: String) -> TopologyConfig {
        var copy = self
        copy.mqExchange = exchange
        return copy
    }
}
