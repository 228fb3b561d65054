import HutchConventions
import HutchRubyModel

/// `consume` cases: what a Hutch consumer sees for a delivery and what the worker
/// does with it, per Hutch version and per whether hutch-schedule's worker runs —
/// recorded defects included (a body it cannot decode is never acknowledged under
/// hutch-schedule; `requeue!` / `reject!` followed by an ack closes the channel).
///
/// Checks: `recording` (the delivery's view agrees with its frames), `delivered`
/// (whether the message reaches the consumer at all), `message` (Hutch::Message's
/// view), `failure_count`, `outcome` (outcome, Ruby exception, acknowledgement
/// frames, the broker's channel close), `published` (what `enqueue_in` sent, for
/// delayed deliveries) and the republish checks of MaxRetry.
package struct ConsumeChecker: CaseChecker {
    package let kind = "consume"

    /// Creates the checker.
    package init() {}

    package func check(_ recorded: RecordedCase, environment: CheckEnvironment) throws(CaseFileError) -> [CaseResult.Check] {
        let input = recorded.inputReader
        let expected = recorded.expectedReader
        let profile = recorded.profile
        let consumerReader = try input.object("consumer")
        let definition = try RecordedInputs.consumer(consumerReader)
        let configuration = try PublisherSetup.configuration(input)
        let enqueue = HutchEnqueue(consumer: definition, configuration: configuration)
        let nondeterministic = try NondeterministicFields(expected, recordedAt: recorded.recordedAt, environment: environment)
        var checks: [CaseResult.Check] = []

        if let published = try expected.optionalObject("published") {
            checks += try publishedChecks(
                input: input, recorded: try RecordedMessage.read(published), enqueue: enqueue, nondeterministic: nondeterministic)
        }
        let delivered = try expected.bool("delivered", default: true)
        var reach = ModelDiffer()
        if try input.optionalString("delivered_via") == "enqueue_in" {
            let swiftReaches = RubyDelayedDelivery.reachesConsumer(
                profile: profile, policyDeadLetterExchange: try Self.policyGivesDeadLetterExchange(input))
            reach.compare("delivered", ruby: delivered, swift: swiftReaches)
        }
        checks.append(CaseResult.Check(name: "delivered", differences: reach.differences))
        guard delivered else { return checks }

        let recordedDelivery = try RecordedDelivery.read(try expected.object("delivery"))
        checks.insert(CaseResult.Check(name: "recording", differences: recordedDelivery.selfConsistency(path: "delivery")), at: 0)

        let setup = try ConsumeSetup(recorded)
        let result = setup.worker.handle(recordedDelivery.delivery, consumer: setup.consumerClass, handler: setup.handler)

        checks.append(
            CaseResult.Check(
                name: "message",
                differences: try MessageViewComparison.differences(
                    ruby: try expected.optionalObject("message"), swift: result.handledMessage)))
        var count = ModelDiffer()
        if let rubyCount = RubyNumeric(recorded: expected.optionalValue("failure_count")) {
            let swiftCount: String
            do {
                swiftCount = try MaxRetry.failureCount(
                    headers: recordedDelivery.delivery.properties.headers, routingKeys: definition.routingKeys
                ).description
            } catch {
                swiftCount = "raised \(error.className)"
            }
            count.compare("failure_count", ruby: rubyCount.description, swift: swiftCount)
        }
        checks.append(CaseResult.Check(name: "failure_count", differences: count.differences))
        checks.append(
            CaseResult.Check(
                name: "outcome", differences: try Self.outcomeDifferences(expected: expected, result: result, file: recorded.file)))

        var rubyRepublished: [RecordedMessage] = []
        for reader in expected.has("republished") ? try expected.objects("republished") : [] {
            rubyRepublished.append(try RecordedMessage.read(reader))
        }
        checks += RetryChecker.republishChecks(
            ruby: rubyRepublished, decision: result.retryDecision, enqueue: enqueue, path: "republished", nondeterministic: nondeterministic
        )
        return checks
    }

    /// Outcome, Ruby exception and acknowledgement frames against the recording; with
    /// `serverClose`, also the `channel.close` the model predicts (live runs take the
    /// broker's own close instead).
    static func outcomeDifferences(
        expected: FieldReader, result: RubyWorkerResult, file: String, serverClose: Bool = true
    ) throws(CaseFileError) -> [Difference] {
        var differ = ModelDiffer()
        differ.compare("outcome", ruby: try expected.string("outcome"), swift: result.outcome.rawValue)
        differ.compare("error_class", ruby: try expected.optionalString("error_class"), swift: result.reportedError?.className)
        let methods = RecordedMethodReader(file: file)
        var rubyAcks: [AMQPMethod] = []
        for reader in expected.has("acknowledgements") ? try expected.objects("acknowledgements") : [] {
            rubyAcks.append(try methods.method(reader))
        }
        compareSequences("acknowledgements", ruby: rubyAcks, swift: result.acknowledgements.map(\.method), differ: &differ)
        if serverClose {
            compareSequences(
                "server_close", ruby: try recordedServerCloses(expected), swift: result.serverClose.map(AMQPMethod.channelClose),
                differ: &differ)
        }
        return differ.differences
    }

    /// The `channel.close` / `connection.close` methods the broker sent, as recorded.
    static func recordedServerCloses(_ expected: FieldReader) throws(CaseFileError) -> [AMQPMethod] {
        let methods = RecordedMethodReader(file: expected.file)
        var closes: [AMQPMethod] = []
        for reader in expected.has("server_close") ? try expected.objects("server_close") : [] {
            closes.append(try methods.method(reader))
        }
        return closes
    }

    static func compareSequences(_ path: String, ruby: [AMQPMethod], swift: [AMQPMethod], differ: inout ModelDiffer) {
        for index in 0..<max(ruby.count, swift.count) {
            let itemPath = "\(path)[\(index)]"
            switch (index < ruby.count ? ruby[index] : nil, index < swift.count ? swift[index] : nil) {
            case (let r?, let s?): differ.compare(itemPath, ruby: r, swift: s)
            case (let r?, nil): differ.note(itemPath, ruby: r.summaryText, swift: "not sent")
            case (nil, let s?): differ.note(itemPath, ruby: "not sent", swift: s.summaryText)
            case (nil, nil): break
            }
        }
    }

    /// What `enqueue_in` published for a delayed delivery, against the recording.
    private func publishedChecks(
        input: FieldReader, recorded: RecordedMessage, enqueue: HutchEnqueue, nondeterministic: NondeterministicFields
    ) throws(CaseFileError) -> [CaseResult.Check] {
        let call = try input.object("enqueue_in")
        guard let interval = ScheduleInterval(try call.value("interval")) else { throw call.error("interval", expected: "a number") }
        let properties = PublishProperties(try call.optionalObject("properties")?.object ?? JSONObject())
        do {
            let swift = try enqueue.enqueueIn(
                interval, .value(try call.value("message")), properties: properties, environment: nondeterministic.publishEnvironment)
            return MessageComparison.checks([
                MessageComparison(swift: swift, ruby: recorded, path: "published", nondeterministic: nondeterministic)
            ])
            .map { CaseResult.Check(name: "published " + $0.name, differences: $0.differences) }
        } catch {
            return [
                CaseResult.Check(
                    name: "published fields", differences: [Difference(path: "published", ruby: "a message", swift: "raised \(error)")])
            ]
        }
    }

    /// Whether the case's broker policies give the delay queues a dead-letter exchange.
    static func policyGivesDeadLetterExchange(_ input: FieldReader) throws(CaseFileError) -> Bool {
        guard input.has("broker_policies") else { return false }
        return try input.objects("broker_policies").contains { policy in
            policy.object["definition"]?.objectValue?["dead-letter-exchange"] != nil
        }
    }
}
