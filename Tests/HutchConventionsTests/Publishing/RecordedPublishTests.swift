import Foundation
import Testing

@testable import HutchConventions

/// Every recorded `publish`, `enqueue`, `enqueue_in` and `enqueue_at` case, in every
/// version folder, replayed through the conventions with the recorded clock and id.
@Suite struct RecordedPublishTests {
    static let cases = RecordedCase.paths(kinds: ["publish", "enqueue", "enqueue_in", "enqueue_at"])

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 3 * 64)
    }

    @Test(arguments: cases)
    func recordedCase(_ path: String) throws {
        let recorded = try RecordedCase.load(path)
        let input = recorded.input
        let expected = recorded.expected
        let config = input["config"]?.objectValue ?? JSONObject()
        let exchange = config["mq_exchange"]?.stringValue ?? "hutch"
        let expectedProperties = expected["properties"] ?? .object(JSONObject())
        let environment = PublishEnvironment.fixed(
            timestamp: expectedProperties.objectValue?["timestamp"]?.int64Value ?? 0,
            messageID: expectedProperties.objectValue?["message_id"]?.stringValue ?? "unused-id")
        let properties = PublishProperties(input["properties"]?.objectValue ?? JSONObject())
        let message = PublishMessage.value(input["message"] ?? .null)

        let produce: () throws(PublishError) -> OutgoingMessage
        switch recorded.kind {
        case "publish":
            let serializer = Serializer(rawValue: input["options"]?.objectValue?["serializer"]?.stringValue ?? "json")
            let configuration = PublisherConfiguration(
                exchange: exchange,
                globalProperties: PublishProperties(input["global_properties"]?.objectValue ?? JSONObject()))
            let routingKey = try #require(input["routing_key"]?.stringValue)
            produce = { () throws(PublishError) in
                try HutchPublisher(configuration: configuration).publish(
                    routingKey: routingKey, message: message, properties: properties, serializer: serializer,
                    environment: environment)
            }
        default:
            let enqueue = HutchEnqueue(
                routingKeys: try Self.routingKeys(input), configuration: PublisherConfiguration(exchange: exchange))
            switch recorded.kind {
            case "enqueue":
                produce = { () throws(PublishError) in try enqueue.enqueue(message, environment: environment) }
            case "enqueue_in":
                let interval = try #require(ScheduleInterval(input["interval"] ?? .null))
                produce = { () throws(PublishError) in
                    try enqueue.enqueueIn(interval, message, properties: properties, environment: environment)
                }
            default:
                let at = try Recorded.number(input["at"] ?? .null)
                let now = try Recorded.number(input["now"] ?? .null)
                produce = { () throws(PublishError) in
                    try enqueue.enqueueAt(at, now: now, message, properties: properties, environment: environment)
                }
            }
        }

        if let errorClass = expected["error_class"]?.stringValue {
            do {
                _ = try produce()
                Issue.record("expected \(errorClass), got a message")
            } catch {
                #expect(error.rubyClassName == errorClass)
            }
            return
        }
        let produced = try produce()
        #expect(produced.exchange == expected["exchange"]?.stringValue)
        #expect(produced.routingKey == expected["routing_key"]?.stringValue)
        #expect(produced.mandatory == expected["mandatory"]?.boolValue)
        #expect(produced.immediate == expected["immediate"]?.boolValue)
        #expect(produced.properties == (try Recorded.properties(expectedProperties)))
        #expect(produced.body == (try Recorded.base64(try #require(expected["body_base64"]?.stringValue))))
    }

    /// The consumer's routing keys: `consume_calls` joined as a Ruby Set does, else `routing_keys`.
    static func routingKeys(_ input: JSONObject) throws -> [String] {
        let consumer = try #require(input["consumer"]?.objectValue)
        let calls = consumer["consume_calls"]?.arrayValue?.map { $0.arrayValue ?? [] }
            ?? [consumer["routing_keys"]?.arrayValue ?? []]
        var keys: [String] = []
        for call in calls {
            for key in call.compactMap(\.stringValue) where !keys.contains(key) { keys.append(key) }
        }
        return keys
    }
}
