import HutchConventions

/// `queue_name` cases: Hutch's queue name for a consumer class, namespace,
/// explicit queue name and `without_namespace`, per Hutch version.
package struct QueueNameChecker: CaseChecker {
    package let kind = "queue_name"

    /// Creates the checker.
    package init() {}

    package func check(_ recorded: RecordedCase, environment: CheckEnvironment) throws(CaseFileError) -> [CaseResult.Check] {
        let samples = try recorded.inputReader.objects("samples")
        let results = try recorded.expectedReader.strings("results")
        guard samples.count == results.count else {
            throw recorded.expectedReader.error("results", expected: "one result per input sample (\(samples.count))")
        }
        var differ = ModelDiffer()
        for (index, (sample, rubyName)) in zip(samples, results).enumerated() {
            var consumer = ConsumerDefinition(className: try sample.string("class_name"), routingKeys: [])
            consumer.queueName = try sample.optionalString("queue_name")
            consumer.withoutNamespace = try sample.bool("without_namespace", default: false)
            let swiftName = QueueName.for(consumer, namespace: try sample.optionalString("namespace"), profile: recorded.profile)
            differ.compare("results[\(index)] (\(consumer.className))", ruby: rubyName, swift: swiftName)
        }
        return [CaseResult.Check(name: "results", differences: differ.differences)]
    }
}
