import HutchAMQP
import HutchConventions

/// `publish`, `enqueue`, `enqueue_in`, `enqueue_at` live: Swift publishes the case's
/// message and Ruby's recorded frames are replayed the same way, to the recorded
/// exchange (for `enqueue_in` the schedule exchange); a plain consumer bound with `#`
/// reads what the broker delivered for each, and the two must be equal — routing key,
/// every property and header, the body.
///
/// Swift's message adopts Ruby's `message_id` and `timestamp` (after checking their
/// shape), so that the deliveries can be compared exactly.
///
/// Checks: `live shape`, `live routing`, `live message`; a case where Ruby raised
/// checks that Swift raises too (`live error`): nothing reaches the broker.
struct LivePublishCheck: LiveCheck {
    let kind: String

    func check(_ recorded: RecordedCase, context: LiveContext) async throws -> [CaseResult.Check] {
        let expected = recorded.expectedReader
        let nondeterministic = try NondeterministicFields(expected, recordedAt: recorded.recordedAt, environment: context.environment)
        let produced = try PublishChecker(kind: kind).produce(
            recorded, input: recorded.inputReader, environment: nondeterministic.publishEnvironment)
        if let rubyError = try expected.optionalString("error_class") {
            var differ = ModelDiffer()
            if case .success(let message) = produced {
                differ.note(
                    "error_class", ruby: "\(rubyError): nothing published", swift: "published to \(message.exchange) \(message.routingKey)")
            }
            return [CaseResult.Check(name: "live error", differences: differ.differences)]
        }
        let ruby = try RecordedMessage.read(expected)
        guard case .success(var swift) = produced else {
            return [
                CaseResult.Check(
                    name: "live routing", differences: [Difference(path: "delivered", ruby: "published", swift: "Swift raised")])
            ]
        }
        var shape = ModelDiffer()
        swift.properties = nondeterministic.adopt(swift.properties, ruby: ruby.properties, path: "properties", differ: &shape)
        let closes = try ConsumeChecker.recordedServerCloses(expected)
        if !closes.isEmpty {
            return [
                CaseResult.Check(name: "live shape", differences: shape.differences),
                CaseResult.Check(
                    name: "live broker reaction",
                    differences: try await Self.reactions(
                        ruby: try LiveRoundTrip.rubyPublish(ruby), swift: swift, recorded: closes, lane: context.lane))
            ]
        }
        let outcome = try await LiveRoundTrip.compare(
            ruby: try LiveRoundTrip.rubyPublish(ruby), swift: swift, lane: context.lane, path: "delivered")
        await context.lane.delete(queues: [], exchanges: [ruby.publish.exchange])
        return [
            CaseResult.Check(name: "live shape", differences: shape.differences),
            CaseResult.Check(name: "live routing", differences: outcome.routing),
            CaseResult.Check(name: "live message", differences: outcome.message)
        ]
    }

    /// Where Ruby's publish made the broker close the channel (e.g. a `reply_to` of
    /// `amq.rabbitmq.reply-to` without its consumer: 406): each side publishes on a
    /// channel of its own, and each must get the recorded close.
    static func reactions(ruby: OutgoingMessage, swift: OutgoingMessage, recorded: [AMQPMethod], lane: LiveLane) async throws
        -> [Difference]
    {
        var differ = ModelDiffer()
        for (side, message) in [("ruby", ruby), ("swift", swift)] {
            let error: AMQPError? = try await lane.withChannel { channel in
                try await lane.declareExchange(message.exchange, on: channel)
                try await lane.connection.confirmSelect(on: channel)
                do throws(AMQPError) {
                    try await lane.connection.publishConfirmed(
                        message.method, properties: message.properties, body: message.body, on: channel)
                    return nil
                } catch {
                    return error
                }
            }
            var closes: [AMQPMethod] = []
            if let error, let code = error.replyCode {
                closes.append(
                    .channelClose(
                        Close(replyCode: code, replyText: error.replyText ?? "", classID: error.classID ?? 0, methodID: error.methodID ?? 0)
                    ))
            }
            ConsumeChecker.compareSequences("server_close (\(side)'s publish)", ruby: recorded, swift: closes, differ: &differ)
        }
        await lane.delete(queues: [], exchanges: [ruby.exchange])
        return differ.differences
    }
}
