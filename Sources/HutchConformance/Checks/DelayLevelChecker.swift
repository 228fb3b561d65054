import HutchConventions

/// `delay_level` cases: hutch-schedule's `delay_seconds_level` for many intervals,
/// with the routing key, queue name and expiration of the chosen level.
package struct DelayLevelChecker: CaseChecker {
    package let kind = "delay_level"

    /// Creates the checker.
    package init() {}

    package func check(_ recorded: RecordedCase, environment: CheckEnvironment) throws(CaseFileError) -> [CaseResult.Check] {
        let input = recorded.inputReader
        let exchange = try input.optionalObject("config")?.optionalString("mq_exchange") ?? "hutch"
        let samples = try input.array("samples")
        let results = try recorded.expectedReader.objects("results")
        guard samples.count == results.count else {
            throw recorded.expectedReader.error("results", expected: "one result per input sample (\(samples.count))")
        }
        var differ = ModelDiffer()
        for (index, (sample, result)) in zip(samples, results).enumerated() {
            let level: DelayLevel
            switch sample {
            case .integer(let number):
                guard let exact = Double(number.description) else { throw input.error("samples", expected: "numbers") }
                level = DelayLevel(forInterval: exact)
            case .float(let number): level = DelayLevel(forInterval: number)
            default:
                throw CaseFileError(file: recorded.file, field: "input.samples[\(index)]", expected: "a number", found: summary(of: sample))
            }
            let path = "results[\(index)] (interval \(summary(of: sample)))"
            differ.compare(path + ".level", ruby: try result.int("level"), swift: Int64(level.seconds))
            differ.compare(path + ".routing_key", ruby: try result.string("routing_key"), swift: level.routingKey(exchange: exchange))
            differ.compare(path + ".queue", ruby: try result.string("queue"), swift: level.queueName(exchange: exchange))
            differ.compare(path + ".expiration", ruby: try result.string("expiration"), swift: level.expiration)
        }
        return [CaseResult.Check(name: "results", differences: differ.differences)]
    }
}
