import HutchConventions
import HutchManagement

/// A RabbitMQ policy that makes hutch-schedule's delay queues work where the Ruby
/// pairing declares them broken (see ``BrokenPairing``): it gives every delay queue of
/// the exchange a dead-letter exchange (the main exchange) and the 30-day TTL that
/// hutch-schedule meant to declare.
///
/// A policy does not change how a queue must be declared, so neither Ruby's nor
/// Swift's (identical) declarations conflict with it, and it applies to queues declared
/// before or after it.
public struct PolicyRepair: Sendable, Equatable {
    /// The policy name (`"<exchange>-hutch-schedule-delay-queues"`).
    public var name: String
    /// The virtual host the policy must be set in.
    public var virtualHost: String
    /// The queue-name pattern: `^<delay queue prefix>` with regex characters escaped,
    /// e.g. `^hutch_delay_queue_` (namespaced like the delay queues).
    public var pattern: String
    /// The exchange dead-lettered messages go back to (the main exchange).
    public var deadLetterExchange: String
    /// The TTL, hutch-schedule's 30 days (2 592 000 000 ms); per-message expirations
    /// (the delay level) are shorter and win.
    public var messageTTL: Int64
    /// The policy priority.
    public var priority: Int

    /// The repair for the delay queues of `config`'s exchange under `profile`.
    public init(config: TopologyConfig, profile: VersionProfile, virtualHost: String, priority: Int = 0) {
        let example = DelayLevel.all[0]
        let queue = example.delayQueueName(config: config, profile: profile)
        let prefix = String(queue.dropLast(example.suffix.count))
        self.name = "\(config.mqExchange)-hutch-schedule-delay-queues"
        self.virtualHost = virtualHost
        self.pattern = "^" + BrokerPolicy.regexEscaped(prefix)
        self.deadLetterExchange = config.mqExchange
        self.messageTTL = DelayLevel.delayQueueMessageTTL
        self.priority = priority
    }

    /// The policy definition as JSON:
    /// `{"dead-letter-exchange":"<exchange>","message-ttl":2592000000}`.
    public var definitionJSON: String {
        let definition: JSONValue = .object(
            JSONObject([
                ("dead-letter-exchange", .string(deadLetterExchange)), ("message-ttl", .integer(JSONInteger(messageTTL)))
            ]))
        return (try? RubyJSON.generate(definition)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The `rabbitmqctl set_policy` arguments, unquoted (for running it as a process).
    public var rabbitmqctlArguments: [String] {
        ["set_policy", "-p", virtualHost, "--priority", String(priority), "--apply-to", "queues", name, pattern, definitionJSON]
    }

    /// The command line to run, quoted for a POSIX shell:
    /// `rabbitmqctl set_policy -p '/' --priority 0 --apply-to queues 'hutch-…' '^hutch_delay_queue_' '{…}'`.
    public var rabbitmqctlCommand: String {
        let quoted = rabbitmqctlArguments.map { argument in
            argument.allSatisfy { $0.isLetter || $0.isNumber || "-_".contains($0) } && !argument.isEmpty
                ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return "rabbitmqctl " + quoted.joined(separator: " ")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
