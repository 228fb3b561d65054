import HutchConventions

/// `retry` cases: hutch-schedule's `MaxRetry#handle` after a failure — the failure
/// count from `x-death`, the attempt, whether it retries, the delay and its level,
/// and the message it republishes (checked field by field and byte for byte).
package struct RetryChecker: CaseChecker {
    package let kind = "retry"

    /// Creates the checker.
    package init() {}

    package func check(_ recorded: RecordedCase, environment: CheckEnvironment) throws(CaseFileError) -> [CaseResult.Check] {
        let input = recorded.inputReader
        let expected = recorded.expectedReader
        let consumer = try RecordedInputs.consumer(try input.object("consumer"))
        let headers = try input.optionalValue("headers").map { value throws(CaseFileError) in
            try TypedValueReader(file: recorded.file).table(value, path: "input.headers")
        }
        let payload = try RecordedMessage.base64(input, "body_base64")
        let decision = MaxRetry.decide(headers: headers, consumer: consumer, payload: payload)

        let nondeterministic = try NondeterministicFields(expected, recordedAt: recorded.recordedAt, environment: environment)
        let configuration = try PublisherSetup.configuration(input)
        let enqueue = HutchEnqueue(consumer: consumer, configuration: configuration)
        var decisionDifferences = try Self.decisionDifferences(expected: expected, decision: decision)
        var raised = ModelDiffer()
        raised.compare(
            "error_class", ruby: try expected.optionalString("error_class"),
            swift: Self.raisedClassName(decision, enqueue: enqueue, environment: nondeterministic.publishEnvironment))
        decisionDifferences += raised.differences
        var checks = [CaseResult.Check(name: "decision", differences: decisionDifferences)]
        let republished = try expected.optionalObject("republished").map { reader throws(CaseFileError) in try RecordedMessage.read(reader)
        }
        checks += Self.republishChecks(
            ruby: republished.map { [$0] } ?? [], decision: decision, enqueue: enqueue,
            path: "republished", nondeterministic: nondeterministic)
        return checks
    }

    /// MaxRetry's decision against the recorded one: failure count, attempt, whether it
    /// retried, the delay, the attempts allowed and the failure-count error.
    static func decisionDifferences(expected: FieldReader, decision: RetryDecision) throws(CaseFileError) -> [Difference] {
        var differ = ModelDiffer()
        differ.compare("failure_count", ruby: RubyNumeric(recorded: expected.optionalValue("failure_count")), swift: decision.failureCount)
        differ.compare("attempt", ruby: RubyNumeric(recorded: expected.optionalValue("attempt")), swift: decision.attempt)
        differ.compare("retried", ruby: try expected.bool("retried"), swift: decision.retried)
        differ.compare("delay_seconds", ruby: RubyNumeric(recorded: expected.optionalValue("delay_seconds")), swift: decision.delaySeconds)
        if expected.has("max_attempts") {
            differ.compare("max_attempts", ruby: try expected.int("max_attempts"), swift: Int64(decision.maxAttempts))
        }
        differ.compare(
            "failure_count_error", ruby: try expected.optionalString("failure_count_error"), swift: decision.failureCountError?.className)
        return differ.differences
    }

    /// The class of what `MaxRetry#handle` raises: counting the failures, parsing the
    /// body again, or `enqueue_in` publishing it (`JSON::GeneratorError` for a body
    /// with bytes that are not UTF-8); `nil` when it returns.
    static func raisedClassName(_ decision: RetryDecision, enqueue: HutchEnqueue, environment: PublishEnvironment) -> String? {
        if let raised = decision.raisedError { return raised.className }
        guard decision.retried, let republish = decision.republish else { return nil }
        do {
            _ = try republish.message(using: enqueue, environment: environment)
            return nil
        } catch {
            return error.rubyClassName ?? "not modelled: \(error.message)"
        }
    }

    /// Compares what MaxRetry republished in Ruby with what Swift's decision republishes.
    static func republishChecks(
        ruby: [RecordedMessage], decision: RetryDecision?, enqueue: HutchEnqueue, path: String, nondeterministic: NondeterministicFields
    ) -> [CaseResult.Check] {
        var swift: [OutgoingMessage] = []
        var errors = ModelDiffer()
        if let republish = decision?.republish, decision?.retried == true, decision?.enqueueError == nil {
            do {
                swift.append(try republish.message(using: enqueue, environment: nondeterministic.publishEnvironment))
            } catch {
                // Ruby's enqueue_in raises the same inside MaxRetry#handle (a body it cannot
                // parse or write back as JSON): nothing is republished.
                if !ruby.isEmpty { errors.note(path, ruby: "a message", swift: "nothing: enqueue_in raised \(error)") }
            }
        }
        if ruby.count != swift.count && errors.differences.isEmpty {
            errors.note(path + " (count)", ruby: "\(ruby.count)", swift: "\(swift.count)")
        }
        let comparisons = zip(ruby, swift).enumerated().map { index, pair in
            MessageComparison(
                swift: pair.1, ruby: pair.0, path: ruby.count > 1 ? "\(path)[\(index)]" : path, nondeterministic: nondeterministic)
        }
        let checks = MessageComparison.checks(comparisons).map {
            CaseResult.Check(name: "republished " + $0.name, differences: $0.differences)
        }
        return [CaseResult.Check(name: "republished", differences: errors.differences)] + checks
    }
}
