import HutchAMQP
import HutchConventions

/// A recorded `publish` case made ready for the cross-language checks: Ruby's message
/// as its recorded frames say, and Swift's message for the same input (with Ruby's
/// `message_id` and `timestamp`, so the two can be compared exactly).
struct PeerCase: Sendable {
    /// How preparing a case ended.
    enum Preparation: Sendable {
        case ready(PeerCase)
        /// The case cannot run against the peer (the reason says why); neither a pass
        /// nor a failure.
        case notApplicable(String)
        /// The case is malformed or Swift could not produce its message.
        case failed([CaseResult.Check])
    }

    var recorded: RecordedCase
    /// The recorded message, as Ruby's client wrote it.
    var ruby: OutgoingMessage
    /// Swift's message for the input.
    var swift: OutgoingMessage

    /// Prepares `recorded` for a peer whose consumers bind to `exchange` (the case's own,
    /// see ``PeerSetup``).
    static func prepare(_ recorded: RecordedCase, exchange: String, environment: CheckEnvironment) -> Preparation {
        do {
            let expected = recorded.expectedReader
            if let rubyError = try expected.optionalString("error_class") {
                return .notApplicable("Ruby raised \(rubyError) when publishing: nothing to exchange")
            }
            if !(try ConsumeChecker.recordedServerCloses(expected)).isEmpty {
                return .notApplicable("the broker closes the channel on this publish: it would close the peer's channel")
            }
            let nondeterministic = try NondeterministicFields(expected, recordedAt: recorded.recordedAt, environment: environment)
            let produced = try PublishChecker(kind: recorded.kind).produce(
                recorded, input: recorded.inputReader, environment: nondeterministic.publishEnvironment)
            let recordedMessage = try RecordedMessage.read(expected)
            let ruby = try LiveRoundTrip.rubyPublish(recordedMessage)
            guard case .success(var swift) = produced else {
                return .failed([
                    CaseResult.Check(
                        name: "peer swift->ruby delivery",
                        differences: [
                            Difference(path: "message", ruby: "published", swift: "Swift raised")
                        ])
                ])
            }
            guard swift.exchange == exchange else {
                return .notApplicable("publishes to exchange \(swift.exchange); the peer's consumers bind to \(exchange)")
            }
            var ignored = ModelDiffer()
            swift.properties = nondeterministic.adopt(swift.properties, ruby: ruby.properties, path: "properties", differ: &ignored)
            return .ready(PeerCase(recorded: recorded, ruby: ruby, swift: swift))
        } catch let error as CaseFileError {
            return .failed([
                CaseResult.Check(
                    name: "peer case", differences: [Difference(path: error.field, ruby: "a readable case", swift: "\(error)")])
            ])
        } catch {
            return .failed([
                CaseResult.Check(
                    name: "peer case", differences: [Difference(path: "expected.frames", ruby: "decodable frames", swift: "\(error)")])
            ])
        }
    }

    /// Why Ruby's peer cannot publish this case's input itself, if it cannot: the peer
    /// takes the case's `Hutch::Config` (``PeerSetup``) but not its connection settings,
    /// and sets no global properties.
    var rubyPublishObstacle: String? {
        let ignored = PeerSetup.ignoredSettings(recorded)
        if !ignored.isEmpty {
            return "input.config sets \(ignored.joined(separator: ", ")): the peer connects as the run does"
        }
        if let global = recorded.input["global_properties"], !(global.objectValue?.isEmpty ?? global.isNull) {
            return "input.global_properties: the peer sets none"
        }
        return nil
    }

    /// The delivery Ruby's consumers should see for Swift's message: the recording's.
    var expectedDelivery: Delivery {
        Delivery(
            deliver: BasicDeliver(
                consumerTag: "", deliveryTag: 0, redelivered: false, exchange: ruby.exchange, routingKey: ruby.routingKey),
            properties: ruby.properties, body: ruby.body)
    }

    /// The `publish` command that makes the peer publish the case's input.
    var publishCommand: PeerCommand {
        var fields: JSONObject = ["id": .string(recorded.id), "method": "publish"]
        for key in ["routing_key", "message", "properties", "options"] {
            if let value = recorded.input[key] { fields[key] = value }
        }
        return .publish(fields)
    }
}
