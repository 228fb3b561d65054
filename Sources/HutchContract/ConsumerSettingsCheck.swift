import HutchConformance
import HutchConventions

/// A Swift consumer that shares a recorded Ruby consumer's queue (same exchange, same
/// queue name) must be the same consumer: the same bindings, `attempts` (MaxRetry
/// retries a message by whichever worker it failed in), serializer, arguments and
/// queue settings. Only what the recording holds is compared.
struct ConsumerSettingsCheck {
    let contract: MessageContract
    let consumer: ContractConsumer

    func checks(against rubyConsumers: [RecordedRubyConsumer]) -> [CaseResult.Check] {
        let swift = consumer.definition
        let sharing = rubyConsumers.filter { ruby in
            ruby.exchange == contract.exchange
                && ruby.queue == QueueName.wireName(QueueName.for(swift, namespace: contract.namespace, profile: ruby.profile))
        }
        guard let first = sharing.first else { return [] }
        var differences: [Difference] = []
        func compare(_ field: String, _ keys: [String], _ ruby: RecordedRubyConsumer, _ rubyText: String, _ swiftText: String) {
            guard keys.contains(where: ruby.recordedFields.contains), rubyText != swiftText,
                !differences.contains(where: { $0.path == field })
            else { return }
            differences.append(Difference(path: field, ruby: "\(rubyText) (\(ruby.caseID))", swift: swiftText))
        }
        for ruby in sharing {
            let r = ruby.definition
            compare("routing keys", ["routing_keys", "consume_calls"], ruby, list(r.routingKeys), list(swift.routingKeys))
            compare("attempts", ["attempts"], ruby, "\(r.attempts)", "\(swift.attempts)")
            compare(
                "serializer", ["serializer"], ruby, (r.serializer ?? .json).rawValue,
                (swift.serializer ?? contract.defaultSerializer).rawValue)
            compare(
                "arguments", ["arguments"], ruby, RubyValueText.render(.object(r.arguments)), RubyValueText.render(.object(swift.arguments))
            )
            compare("lazy_queue", ["lazy_queue"], ruby, "\(r.lazyQueue)", "\(swift.lazyQueue)")
            compare("classic_queue", ["classic_queue"], ruby, "\(r.classicQueue)", "\(swift.classicQueue)")
            compare("quorum_queue", ["quorum_queue"], ruby, quorum(r.quorumQueue), quorum(swift.quorumQueue))
            compare(
                "queue_options", ["queue_options"], ruby, r.queueOptions.map { RubyValueText.render(.object($0)) } ?? "none",
                swift.queueOptions.map { RubyValueText.render(.object($0)) } ?? "none")
        }
        return [
            CaseResult.Check(name: "shared queue \"\(first.queue)\" with Ruby's \(first.definition.className)", differences: differences)
        ]
    }

    private func list(_ keys: [String]) -> String { keys.map { "\"\($0)\"" }.joined(separator: ", ") }

    private func quorum(_ queue: ConsumerDefinition.QuorumQueue?) -> String {
        guard let queue else { return "none" }
        return "initial_group_size \(queue.initialGroupSize.map(String.init) ?? "nil")"
    }
}
