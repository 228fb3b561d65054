import Foundation
import Hutch
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement
import HutchOperator
import HutchTestSupport
import Testing

/// `hutch pairing` against the real broker: topology declared as each Ruby pairing
/// declares it, then judged with and without the management API.
@Suite(OperatorBroker.reachable, .timeLimit(.minutes(2)))
struct PairingLiveTests {
    static let broken = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)
    static let working = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)

    /// A broker whose delay queues `declaredBy` declared.
    static func broker(declaredBy profile: VersionProfile) async throws -> OperatorBroker {
        let broker = try await OperatorBroker.make(profile: profile)
        try await TopologyDeclarer(settings: broker.settings).declare(
            consumers: [], on: broker.connection, channel: broker.channel, includeQos: false)
        return broker
    }

    static func settings(_ broker: OperatorBroker, profile: VersionProfile) -> HutchClientSettings {
        var settings = HutchClientSettings(connection: broker.settings.connection, profile: profile)
        settings.topology.mqExchange = broker.exchange
        return settings
    }

    @Test(
        "With the management API: hutch-schedule 0.7.3 on Hutch 1.3.1 is broken until the repair policy is set, then works",
        .enabled(if: OperatorBroker.management != nil, "HUTCH_TEST_MANAGEMENT_URL is not set (scripts/test.sh sets it)"))
    func brokenUntilRepaired() async throws {
        let broker = try await Self.broker(declaredBy: Self.broken)
        defer { Task { await broker.cleanUp() } }
        let repair = PolicyRepair(config: broker.settings.topology, profile: Self.broken, virtualHost: "/")
        let management = try #require(OperatorBroker.management)
        defer { Task { try? await management.deletePolicy(named: repair.name, virtualHost: "/") } }
        let observer = PairingObserver(connection: broker.connection, settings: broker.settings, management: OperatorBroker.management)

        let before = PairingReport(observation: try await observer.observe(consumerQueues: []), settings: broker.settings)
        #expect(before.verdict == .broken)
        #expect(before.fixes == [repair.rabbitmqctlCommand])
        #expect(before.findings.contains { $0.contains("non-durable without TTL or dead-letter exchange") })
        #expect(before.findings.contains { $0.hasPrefix("consumer queue \(broker.consumerQueue): 0 ready, non-durable, no arguments") })

        // The policy rabbitmqctlCommand sets, through the management API (no Erlang VM to start).
        try await management.putPolicy(
            BrokerPolicy(
                name: repair.name, pattern: repair.pattern,
                definition: [
                    "dead-letter-exchange": .string(repair.deadLetterExchange), "message-ttl": .integer(JSONInteger(repair.messageTTL))
                ]),
            virtualHost: "/")
        var after = before
        let deadline = ContinuousClock.now + .seconds(60)
        while after.verdict != .works, ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))  // the management API shows a queue's policy with its statistics, every few seconds
            after = PairingReport(observation: try await observer.observe(consumerQueues: []), settings: broker.settings)
        }
        #expect(after.verdict == .works)
        #expect(after.fixes.isEmpty)
        #expect(after.findings.contains { $0.contains("repaired by policy \(repair.name)") })
    }

    @Test(
        "With the management API: delay queues declared by Hutch 1.1.0 work, and a Swift side configured for 1.3.1 is a mismatch",
        .enabled(if: OperatorBroker.management != nil, "HUTCH_TEST_MANAGEMENT_URL is not set (scripts/test.sh sets it)"))
    func mismatchedProfile() async throws {
        let broker = try await Self.broker(declaredBy: Self.working)
        defer { Task { await broker.cleanUp() } }
        let matching = try await PairingObserver(
            connection: broker.connection, settings: broker.settings, management: OperatorBroker.management
        )
        .observe(consumerQueues: [])
        let same = PairingReport(observation: matching, settings: broker.settings)
        #expect(same.verdict == .mismatch)  // the test's consumer queue is non-durable; Hutch 1.1.0 declares durable ones
        #expect(same.findings.contains { $0.contains("declared by hutch-schedule 0.7 on Hutch < 1.1.1; delayed messages come back") })
        #expect(same.fixes.count == 1 && same.fixes[0].contains("consumer queue \(broker.consumerQueue) is non-durable"))

        let settings = Self.settings(broker, profile: Self.broken)
        let delaysOnly = try await PairingObserver(connection: broker.connection, settings: settings, management: OperatorBroker.management)
            .observe(consumerQueues: [])
        let other = PairingReport(
            observation: PairingObservation(
                exchangeExists: delaysOnly.exchangeExists, scheduleExchangeExists: delaysOnly.scheduleExchangeExists,
                delayQueues: delaysOnly.delayQueues, consumerQueues: [], managementSeen: true), settings: settings)
        #expect(other.verdict == .mismatch)
        #expect(other.fixes.first?.contains("406 PRECONDITION_FAILED") == true)
    }

    @Test("Without the management API: what exists, what cannot be seen, and the configured pairing's verdict (the worker's)")
    func amqpOnly() async throws {
        let broker = try await Self.broker(declaredBy: Self.broken)
        defer { Task { await broker.cleanUp() } }
        let observation = try await PairingObserver(connection: broker.connection, settings: broker.settings, management: nil)
            .observe(consumerQueues: [broker.consumerQueue])
        #expect(observation.exchangeExists && observation.scheduleExchangeExists)
        #expect(observation.delayQueues.count == 21 && observation.delayQueues.allSatisfy { $0.exists && !$0.detailsSeen })
        let report = PairingReport(observation: observation, settings: broker.settings)
        #expect(report.verdict == .broken)
        #expect(report.fixes == [try #require(BrokenPairing.detect(broker.settings)).repair.rabbitmqctlCommand])
        #expect(report.findings.contains { $0.contains("cannot be seen over AMQP") })
        #expect(report.findings.contains { $0.contains("durability and arguments not seen") })
        let working = PairingReport(observation: observation, settings: Self.settings(broker, profile: Self.working))
        #expect(working.verdict == .works)
    }

    @Test("hutch pairing: exit 1 with the verdict and the fix; --json; nothing declared exits 0", HutchBinary.built)
    func command() async throws {
        let broker = try await Self.broker(declaredBy: Self.broken)
        defer { Task { await broker.cleanUp() } }
        let environment = ["HUTCH_URI": try #require(TestBroker.url)]
        var arguments = ["pairing", "--exchange", broker.exchange]
        if let management = TestBroker.managementURL { arguments += ["--management-url", management] }
        let text = try await HutchBinary.run(arguments, environment: environment)
        print(text.output, terminator: "")
        #expect(text.status == 1)
        #expect(text.output.contains("verdict: broken\n"))
        #expect(text.output.contains("fix: rabbitmqctl set_policy"))
        let json = try await HutchBinary.run(["pairing", "--json", "--exchange", broker.exchange], environment: environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "broken")
        let none = try await HutchBinary.run(["pairing", "--exchange", broker.exchange + "-none"], environment: environment)
        #expect(none.status == 0)
        #expect(none.output.contains("verdict: not declared\n"))
    }
}
