import HutchConventions

/// A RabbitMQ policy as a case records it in `input.broker_policies` (the recorder set
/// it on its broker), e.g. the repair that gives hutch-schedule's argument-less delay
/// queues a dead-letter exchange.
public struct BrokerPolicy: Sendable, Equatable {
    /// The policy's name.
    public var name: String
    /// The regular expression of the queue (or exchange) names it applies to.
    public var pattern: String
    /// The policy's keys and values (`{"dead-letter-exchange": "hutch"}`).
    public var definition: JSONObject
    /// `queues`, `exchanges` or `all`.
    public var applyTo: String

    /// Creates a policy.
    public init(name: String, pattern: String, definition: JSONObject, applyTo: String = "queues") {
        self.name = name
        self.pattern = pattern
        self.definition = definition
        self.applyTo = applyTo
    }

    /// The repair for hutch-schedule 0.7.3's delay queues on Hutch ≥ 1.1.1: dead-letter
    /// expired delayed messages to the main exchange. It applies to that exchange's
    /// delay queues only (`^<exchange>_delay_queue_`), under a name of its own
    /// (`hutch-delay-dlx`, `hutch-delay-dlx-<exchange>` for another exchange).
    public static func delayQueueRepair(exchange: String) -> BrokerPolicy {
        BrokerPolicy(
            name: exchange == "hutch" ? "hutch-delay-dlx" : "hutch-delay-dlx-\(exchange)",
            pattern: "^\(regexEscaped(exchange))_delay_queue_", definition: ["dead-letter-exchange": .string(exchange)])
    }

    /// `text` with the characters regular expressions treat specially escaped.
    package static func regexEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
