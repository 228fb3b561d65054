import HutchConventions

/// A Ruby consumer class as a case records it: its DSL settings, the exchange its
/// queue is bound to and the queue's name.
///
/// Read with ``RecordedCase/rubyConsumers()`` from `topology` cases (`input.consumers`)
/// and from the cases that name one consumer (`consume`, `retry`, `enqueue*`).
package struct RecordedRubyConsumer: Sendable {
    /// The consumer's settings.
    package var definition: ConsumerDefinition
    /// The keys the case's consumer object holds: only these settings were recorded
    /// (a topology consumer carries no `attempts`, an `enqueue_in` consumer no queue
    /// settings).
    package var recordedFields: Set<String>
    /// `mq_exchange`: the exchange the consumer's queue is bound to.
    package var exchange: String
    /// The queue name Hutch gives it (namespace and version applied).
    package var queue: String
    /// The Ruby side the case models (Hutch version, hutch-schedule).
    package var profile: VersionProfile
    /// The case it was read from.
    package var caseID: String
    /// The case file.
    package var file: String
}

extension RecordedCase {
    /// The Ruby consumers this case names.
    package func rubyConsumers() throws(CaseFileError) -> [RecordedRubyConsumer] {
        let input = inputReader
        let readers: [FieldReader]
        switch kind {
        case "topology": readers = try input.objects("consumers")
        case "consume", "retry", "enqueue", "enqueue_in", "enqueue_at":
            readers = [try input.object("consumer")]
        default: return []
        }
        let config = try RecordedInputs.topologyConfig(try input.optionalObject("config"), profile: profile)
        var consumers: [RecordedRubyConsumer] = []
        for reader in readers {
            let definition = try RecordedInputs.consumer(reader)
            consumers.append(
                RecordedRubyConsumer(
                    definition: definition, recordedFields: Set(reader.object.pairs.map(\.key)), exchange: config.mqExchange,
                    queue: QueueName.wireName(QueueName.for(definition, namespace: config.namespace, profile: profile)),
                    profile: profile, caseID: id, file: file))
        }
        return consumers
    }
}
