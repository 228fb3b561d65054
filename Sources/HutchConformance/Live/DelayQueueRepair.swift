import HutchConventions
import HutchManagement

/// The repair for hutch-schedule 0.7.3's argument-less delay queues, for the setting
/// a run checked: the exchange the delay queues are named after and dead-letter to,
/// the vhost they live in, and the namespace (which does not change delay queue names).
struct DelayQueueRepair: Sendable, Equatable {
    /// `mq_exchange`.
    var exchange: String
    /// Hutch's `namespace`, when the cases set one.
    var namespace: String?
    /// The vhost the policy goes into.
    var virtualHost: String

    /// The settings of the delay cases among `cases`: one repair per exchange and
    /// namespace; Hutch's default exchange when no such case ran.
    static func needed(by cases: [RecordedCase], virtualHost: String) -> [DelayQueueRepair] {
        guard !cases.isEmpty else { return [DelayQueueRepair(exchange: "hutch", namespace: nil, virtualHost: virtualHost)] }
        var repairs: [DelayQueueRepair] = []
        for recorded in cases {
            let config = recorded.input["config"]?.objectValue
            let repair = DelayQueueRepair(
                exchange: config?["mq_exchange"]?.stringValue ?? "hutch", namespace: config?["namespace"]?.stringValue,
                virtualHost: virtualHost)
            if !repairs.contains(repair) { repairs.append(repair) }
        }
        return repairs
    }

    /// The policy: dead-letter expired delayed messages to the exchange.
    var policy: BrokerPolicy { BrokerPolicy.delayQueueRepair(exchange: exchange) }

    /// The management API call and the `rabbitmqctl` line that set it.
    var commands: String {
        let definition = (try? RubyJSON.generateString(.object(policy.definition))) ?? "{}"
        let body =
            (try? RubyJSON.generateString([
                "pattern": .string(policy.pattern), "definition": .object(policy.definition), "apply-to": .string(policy.applyTo)
            ])) ?? "{}"
        let scope =
            "exchange \(exchange)" + (namespace.map { ", namespace \($0) (delay queue names do not carry it)" } ?? "")
            + ", vhost \(virtualHost)"
        return "for \(scope): PUT /api/policies/\(ManagementAPI.segment(virtualHost))/\(policy.name) \(body)"
            + ", or rabbitmqctl set_policy -p '\(virtualHost)' \(policy.name) '\(policy.pattern)' '\(definition)' --apply-to queues"
    }
}
