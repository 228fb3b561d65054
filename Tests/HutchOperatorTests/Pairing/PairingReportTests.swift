import Hutch
import HutchConventions
import HutchOperator
import Testing

/// The pairing verdicts from observations (no broker).
@Suite struct PairingReportTests {
    static let settings: HutchClientSettings = {
        var settings = HutchClientSettings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        settings.topology.mqExchange = "shop"
        return settings
    }()

    static func delayQueues(_ make: (String) -> QueueObservation) -> [QueueObservation] {
        DelayLevel.all.map { make($0.queueName(exchange: "shop")) }
    }

    static func observation(delays: [QueueObservation], consumers: [QueueObservation] = []) -> PairingObservation {
        PairingObservation(
            exchangeExists: true, scheduleExchangeExists: true, delayQueues: delays, consumerQueues: consumers, managementSeen: true)
    }

    @Test("Delay queues declared two ways: a mismatch, each listed")
    func mixedDeclarations() {
        var delays = Self.delayQueues { QueueObservation(name: $0, exists: true, ready: 0, durable: false, arguments: [:]) }
        delays[3] = QueueObservation(
            name: delays[3].name, exists: true, ready: 0, durable: true,
            arguments: ["x-dead-letter-exchange": "shop", "x-message-ttl": 2_592_000_000])
        let report = PairingReport(observation: Self.observation(delays: delays), settings: Self.settings)
        #expect(report.verdict == .mismatch)
        #expect(
            report.findings.contains(
                "  shop_delay_queue_30s: 0 ready, durable, arguments x-dead-letter-exchange=shop x-message-ttl=2592000000"))
    }

    @Test("A policy that repairs some delay queues only: broken, with the policy command as the fix")
    func partialRepair() {
        var delays = Self.delayQueues {
            QueueObservation(
                name: $0, exists: true, ready: 0, durable: false, arguments: [:], policy: "p", policyDeadLetterExchange: "shop")
        }
        delays[0].policy = nil
        delays[0].policyDeadLetterExchange = nil
        let report = PairingReport(observation: Self.observation(delays: delays), settings: Self.settings)
        #expect(report.verdict == .broken)
        #expect(report.findings.contains("a policy repairs 20 of 21 delay queues; the others drop their messages"))
        #expect(
            report.fixes == [
                PolicyRepair(config: Self.settings.topology, profile: Self.settings.profile, virtualHost: "/").rabbitmqctlCommand
            ])
    }

    @Test("A durable consumer queue where the configured pairing declares it non-durable: a mismatch")
    func consumerQueueDurability() {
        let delays = Self.delayQueues {
            QueueObservation(
                name: $0, exists: true, ready: 0, durable: false, arguments: [:], policy: "p", policyDeadLetterExchange: "shop")
        }
        let consumer = QueueObservation(name: "orders", exists: true, ready: 2, durable: true, arguments: ["x-max-priority": 10])
        let report = PairingReport(observation: Self.observation(delays: delays, consumers: [consumer]), settings: Self.settings)
        #expect(report.verdict == .mismatch)
        #expect(report.findings.contains("consumer queue orders: 2 ready, durable, arguments x-max-priority=10"))
        #expect(report.fixes.count == 1)
    }

    @Test("Topic bindings: the queues a routing key reaches, each once")
    func bindings() {
        let bindings = [
            QueueBinding(queue: "b", bindingKey: "orders.*"), QueueBinding(queue: "a", bindingKey: "orders.created"),
            QueueBinding(queue: "b", bindingKey: "#"), QueueBinding(queue: "c", bindingKey: "invoices.#")
        ]
        #expect(QueueBinding.queues(in: bindings, receiving: "orders.created") == ["a", "b"])
        #expect(QueueBinding.queues(in: bindings, receiving: "x") == ["b"])
    }
}
