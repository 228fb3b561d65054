import Hutch
import HutchConventions

/// The verdict of a pairing check: what the broker shows of the Ruby side, what it means
/// for delayed and retried messages and for the Swift side's declarations, and the fix.
package struct PairingReport: Sendable, Equatable {
    /// The overall verdict.
    package enum Verdict: String, Sendable, Equatable {
        /// Delayed messages come back, and the Swift side declares what Ruby declared.
        case works
        /// Delayed (and MaxRetry) messages are dropped: the broken pairing, unrepaired.
        case broken
        /// The Swift side's configured pairing declares the queues differently from what
        /// the broker holds: one side's declarations are refused with 406.
        case mismatch
        /// No hutch-schedule topology on the broker: nothing delays messages yet.
        case notDeclared
    }

    /// The verdict (``Verdict/mismatch`` wins over ``Verdict/broken``).
    package var verdict: Verdict
    /// What was found, one line each.
    package var findings: [String]
    /// What to do, one line each (commands included).
    package var fixes: [String]

    /// Judges `observation` for the Swift side's `settings` (exchange, Ruby pairing, vhost):
    /// with the management API from the queues' durability, arguments and policies, else
    /// from the configured pairing alone, as the worker does at start
    /// (``BrokenPairing/detect(_:)``).
    package init(observation: PairingObservation, settings: HutchClientSettings) {
        var judge = Judge(settings: settings)
        judge.run(observation)
        self.verdict = judge.verdict
        self.findings = judge.findings
        self.fixes = judge.fixes
    }
}

/// The rules behind ``PairingReport``.
private struct Judge {
    let settings: HutchClientSettings
    var verdict = PairingReport.Verdict.works
    var findings: [String] = []
    var fixes: [String] = []

    init(settings: HutchClientSettings) { self.settings = settings }

    private var exchange: String { settings.topology.mqExchange }
    private var configured: String {
        "Hutch \(settings.profile.hutch)" + (settings.profile.hutchScheduleLoaded ? " + hutch-schedule 0.7" : " (no hutch-schedule)")
    }
    private var repair: PolicyRepair {
        PolicyRepair(config: settings.topology, profile: settings.profile, virtualHost: settings.connection.virtualHost)
    }

    mutating func run(_ observation: PairingObservation) {
        findings.append("exchange \(exchange): " + (observation.exchangeExists ? "exists" : "not declared"))
        let schedule = DelayLevel.scheduleExchange(for: exchange)
        findings.append("schedule exchange \(schedule): " + (observation.scheduleExchangeExists ? "exists" : "not declared"))
        let declared = observation.delayQueues.filter(\.exists)
        findings.append("delay queues: \(declared.count) of \(observation.delayQueues.count) declared")
        if !observation.managementSeen {
            findings.append("durability, arguments and policies cannot be seen over AMQP: give --management-url to see what Ruby declared")
        }
        if !observation.scheduleExchangeExists && declared.isEmpty {
            findings.append("no hutch-schedule topology: nothing delays or retries messages on this exchange yet")
            if settings.declareSchedule { findings.append("the configured pairing (\(configured)) will declare it at start") }
            verdict = .notDeclared
        } else if observation.managementSeen {
            judgeDelayQueues(declared)
        } else if let broken = BrokenPairing.detect(settings) {
            findings.append("assuming the configured pairing (\(configured)): \(broken.explanation)")
            findings.append("whether the repair policy is set cannot be seen without the management API")
            verdict = .broken
            fixes.append(broken.repair.rabbitmqctlCommand)
        } else {
            findings.append("assuming the configured pairing (\(configured)): its delay queues dead-letter back, delayed messages work")
        }
        judgeConsumerQueues(observation.consumerQueues)
    }

    private mutating func judgeDelayQueues(_ declared: [QueueObservation]) {
        let styles = Set(declared.map(\.delayQueueStyle))
        guard styles.count == 1, let style = styles.first ?? nil else {
            findings.append("delay queues declared in different ways (or unlike any Ruby pairing):")
            findings += declared.map { "  " + $0.summary }
            mismatch("declare the delay queues one way: delete them and let one pairing declare them again")
            return
        }
        switch style {
        case .durableWithArguments:
            findings.append(
                "delay queues durable with x-message-ttl and x-dead-letter-exchange: declared by hutch-schedule 0.7 on Hutch < 1.1.1; delayed messages come back"
            )
        default:
            findings.append(
                "delay queues non-durable without TTL or dead-letter exchange: declared by hutch-schedule 0.7.3 on Hutch >= 1.1.1")
            let repaired = declared.filter { $0.policyDeadLetterExchange != nil }
            if repaired.count == declared.count {
                let names = Set(repaired.compactMap(\.policy)).sorted().joined(separator: ", ")
                findings.append("repaired by policy \(names): expired messages are dead-lettered back; delayed messages work")
            } else {
                findings.append(
                    repaired.isEmpty
                        ? "no policy gives them a dead-letter exchange: enqueue_in and MaxRetry messages expire and are dropped"
                        : "a policy repairs \(repaired.count) of \(declared.count) delay queues; the others drop their messages")
                if verdict == .works { verdict = .broken }
                fixes.append(repair.rabbitmqctlCommand)
            }
        }
        if settings.declareSchedule && style != settings.profile.delayQueueDeclarationStyle {
            mismatch(
                "the Swift side is configured for \(configured), which declares the delay queues "
                    + (settings.profile.delayQueueDeclarationStyle == .durableWithArguments
                        ? "durable with arguments" : "non-durable without arguments")
                    + ": the broker refuses it with 406 PRECONDITION_FAILED; configure the profile of the Ruby version that declared them")
        }
    }

    private mutating func judgeConsumerQueues(_ queues: [QueueObservation]) {
        guard !queues.isEmpty else { return }
        let expectDurable = settings.profile.consumerQueueDeclarationStyle != .argumentsAsOptions
        for queue in queues {
            findings.append("consumer queue " + queue.summary)
            guard let durable = queue.durable, durable != expectDurable else { continue }
            mismatch(
                "consumer queue \(queue.name) is \(durable ? "durable" : "non-durable"), the configured pairing (\(configured)) declares it "
                    + (expectDurable ? "durable" : "non-durable") + ": one side's declaration is refused with 406 PRECONDITION_FAILED")
        }
    }

    private mutating func mismatch(_ fix: String) {
        verdict = .mismatch
        fixes.append(fix)
    }
}
