import HutchConformance
import HutchConventions

/// Ruby → Swift: each recorded Ruby message decodes in every Swift consumer it reaches,
/// and every Swift consumer's routing keys are reached.
struct RubyToSwiftCheck {
    let contract: MessageContract
    let recorded: RecordedContract

    /// One result per case whose messages reach a Swift consumer: a check per message
    /// and consumer (`decode InvoiceConsumer, routing key "shop.invoice.created"`).
    func decodeResults() -> [CaseResult] {
        var checksByCase: [(recordedCase: RecordedCase, checks: [CaseResult.Check])] = []
        for entry in recorded.messages {
            let keys = contract.keysOnExchange(entry.message)
            var checks: [CaseResult.Check] = []
            for consumer in contract.consumers where consumer.definition.routingKeys.contains(where: { TopicPattern.matchesAny($0, keys) })
            {
                let differences =
                    consumer.decode(entry.message.body, contract.defaultSerializer).map {
                        [DecodingFailure.difference($0, body: entry.message.body, bodyType: consumer.bodyType)]
                    } ?? []
                checks.append(
                    CaseResult.Check(
                        name: "decode \(consumer.definition.className), \(Self.route(entry.message))", differences: differences))
            }
            guard !checks.isEmpty else { continue }
            if let index = checksByCase.firstIndex(where: {
                $0.recordedCase.file == entry.recordedCase.file && $0.recordedCase.id == entry.recordedCase.id
            }) {
                checksByCase[index].checks += checks
            } else {
                checksByCase.append((entry.recordedCase, checks))
            }
        }
        return checksByCase.map { item in
            CaseResult(
                id: item.recordedCase.versionedName, kind: item.recordedCase.kind, corpus: "ruby->swift", file: item.recordedCase.file,
                checks: item.checks)
        }
    }

    /// One result per Swift consumer: its routing keys reached (`reached`), and its
    /// settings against a Ruby consumer sharing its queue (`shared queue`).
    func consumerResults() -> [CaseResult] {
        contract.consumers.map { consumer in
            var reach: [Difference] = []
            for bindingKey in consumer.definition.routingKeys {
                let reached = recorded.messages.contains { TopicPattern.matchesAny(bindingKey, contract.keysOnExchange($0.message)) }
                if !reached {
                    reach.append(
                        Difference(
                            path: "routing key \"\(bindingKey)\"",
                            ruby: "no recorded message reaches it on exchange \"\(contract.exchange)\"",
                            swift:
                                "\(consumer.definition.className) binds it: nothing checked for consumer \(consumer.definition.className)"))
                }
            }
            var checks = [CaseResult.Check(name: "reached by recorded Ruby messages", differences: reach)]
            checks += ConsumerSettingsCheck(contract: contract, consumer: consumer).checks(against: recorded.consumers)
            return CaseResult(
                id: consumer.definition.className, kind: "consumer", corpus: "swift consumers", file: consumer.swiftType, checks: checks)
        }
    }

    /// `routing key "a.b"` (with `CC "c"`), and the part of the case for messages other
    /// than the case's own publish.
    static func route(_ message: RecordedRubyMessage) -> String {
        let cc = message.deadLetterRoutingKeys.dropFirst()
        var text = "routing key \"\(message.routingKey)\""
        if !cc.isEmpty { text += ", CC " + cc.map { "\"\($0)\"" }.joined(separator: ", ") }
        return message.role == "expected" ? text : "\(message.role) \(text)"
    }
}
