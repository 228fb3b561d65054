import HutchConventions

/// What the broker shows of one queue the Ruby side declares. Over AMQP only whether it
/// exists and how many messages it holds can be seen; durability, arguments and the
/// policy need the management API (`nil` without it).
package struct QueueObservation: Sendable, Equatable {
    /// The queue name.
    package var name: String
    /// Whether it exists.
    package var exists: Bool
    /// Ready messages (when it exists).
    package var ready: UInt32?
    /// Whether it survives a restart.
    package var durable: Bool?
    /// Its declared arguments (`x-message-ttl`, `x-dead-letter-exchange`, …).
    package var arguments: JSONObject?
    /// The policy applied to it, by name.
    package var policy: String?
    /// The dead-letter exchange the applied policy sets.
    package var policyDeadLetterExchange: String?

    /// Creates an observation.
    package init(
        name: String, exists: Bool, ready: UInt32? = nil, durable: Bool? = nil, arguments: JSONObject? = nil, policy: String? = nil,
        policyDeadLetterExchange: String? = nil
    ) {
        self.name = name
        self.exists = exists
        self.ready = ready
        self.durable = durable
        self.arguments = arguments
        self.policy = policy
        self.policyDeadLetterExchange = policyDeadLetterExchange
    }

    /// Whether the management API was read for it.
    package var detailsSeen: Bool { durable != nil }

    /// Its `x-dead-letter-exchange` argument.
    package var deadLetterExchange: String? { arguments?["x-dead-letter-exchange"]?.stringValue }

    /// How Ruby declared it, as far as durability and arguments tell: durable with a
    /// dead-letter exchange (Hutch < 1.1.1), non-durable without arguments (hutch-schedule
    /// 0.7.3's Hash read as options on Hutch ≥ 1.1.1); `nil` for anything else or unseen.
    package var delayQueueStyle: QueueDeclarationStyle? {
        guard exists, let durable else { return nil }
        if durable && deadLetterExchange != nil { return .durableWithArguments }
        if !durable && (arguments?.isEmpty ?? true) { return .argumentsAsOptions }
        return nil
    }

    /// One line: `name: durable, arguments {…}, policy p` (or what cannot be seen).
    package var summary: String {
        guard exists else { return "\(name): not declared" }
        var text = "\(name): \(ready.map { "\($0) ready" } ?? "exists")"
        guard let durable else { return text + "; durability and arguments not seen (no management API)" }
        text += durable ? ", durable" : ", non-durable"
        let arguments = (arguments ?? JSONObject()).pairs.map { "\($0.key)=\(Self.text($0.value))" }
        text += arguments.isEmpty ? ", no arguments" : ", arguments " + arguments.joined(separator: " ")
        if let policy { text += ", policy \(policy)" + (policyDeadLetterExchange.map { " (dead-letter-exchange \($0))" } ?? "") }
        return text
    }

    private static func text(_ value: JSONValue) -> String {
        value.stringValue ?? ((try? RubyJSON.generate(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?")
    }
}
