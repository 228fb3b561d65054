import HutchConventions

/// `publish`, `enqueue`, `enqueue_in` and `enqueue_at` cases: the message Hutch (or
/// hutch-schedule's `Hutch::Enqueue`) puts on the wire for an input.
///
/// Checks: `recording` (the case's JSON view agrees with its frames), `fields` (Swift's
/// message against the one Ruby's frames decode to, or the Ruby exception), `shape`
/// (message id and timestamp), `bytes` (method, content header and body frames).
package struct PublishChecker: CaseChecker {
    package let kind: String

    /// A checker for one of the publishing kinds.
    package init(kind: String) { self.kind = kind }

    /// The four publishing kinds.
    package static let kinds = ["publish", "enqueue", "enqueue_in", "enqueue_at"]

    package func check(_ recorded: RecordedCase, environment: CheckEnvironment) throws(CaseFileError) -> [CaseResult.Check] {
        let input = recorded.inputReader
        let expected = recorded.expectedReader
        let nondeterministic = try NondeterministicFields(expected, recordedAt: recorded.recordedAt, environment: environment)
        let produced = try produce(recorded, input: input, environment: nondeterministic.publishEnvironment)

        if let rubyError = try expected.optionalString("error_class") {
            var differ = ModelDiffer()
            switch produced {
            case .success(let message): differ.note("error_class", ruby: rubyError, swift: "no error; published to \(message.routingKey)")
            case .failure(let error):
                differ.compare("error_class", ruby: rubyError, swift: error.rubyClassName ?? "not modelled: \(error.message)")
            }
            return [CaseResult.Check(name: "error", differences: differ.differences)]
        }
        let ruby = try RecordedMessage.read(expected)
        let swift: OutgoingMessage
        switch produced {
        case .success(let message): swift = message
        case .failure(let error):
            return [
                CaseResult.Check(name: "fields", differences: [Difference(path: "message", ruby: "published", swift: "raised \(error)")])
            ]
        }
        return MessageComparison.checks([
            MessageComparison(swift: swift, ruby: ruby, path: "expected", nondeterministic: nondeterministic)
        ])
    }

    /// What Swift publishes for the case's input, or the error it raises.
    func produce(_ recorded: RecordedCase, input: FieldReader, environment: PublishEnvironment) throws(CaseFileError) -> Result<
        OutgoingMessage, PublishError
    > {
        let properties = PublishProperties(try input.optionalObject("properties")?.object ?? JSONObject())
        let message = PublishMessage.value(try input.value("message"))
        var configuration = try PublisherSetup.configuration(input)
        configuration.globalProperties = PublishProperties(try input.optionalObject("global_properties")?.object ?? JSONObject())
        do {
            switch kind {
            case "publish":
                var serializer: Serializer?
                if let options = try input.optionalObject("options"), let name = try options.optionalString("serializer") {
                    guard let named = Serializer(rawValue: name) else {
                        throw options.error("serializer", expected: "\"json\" or \"identity\"")
                    }
                    serializer = named
                }
                return .success(
                    try HutchPublisher(configuration: configuration).publish(
                        routingKey: try input.string("routing_key"), message: message, properties: properties,
                        serializer: serializer, environment: environment))
            default:
                let consumer = try RecordedInputs.consumer(try input.object("consumer"))
                let enqueue = HutchEnqueue(consumer: consumer, configuration: configuration)
                switch kind {
                case "enqueue":
                    return .success(try enqueue.enqueue(message, environment: environment))
                case "enqueue_in":
                    guard let interval = ScheduleInterval(try input.value("interval")) else {
                        throw input.error("interval", expected: "a number")
                    }
                    return .success(try enqueue.enqueueIn(interval, message, properties: properties, environment: environment))
                default:
                    return .success(
                        try enqueue.enqueueAt(
                            try input.number("at"), now: try input.number("now"), message, properties: properties, environment: environment)
                    )
                }
            }
        } catch let error as PublishError {
            return .failure(error)
        } catch let error as CaseFileError {
            throw error
        } catch {
            throw CaseFileError(file: recorded.file, field: "input", expected: "inputs the conventions accept", found: "\(error)")
        }
    }
}
