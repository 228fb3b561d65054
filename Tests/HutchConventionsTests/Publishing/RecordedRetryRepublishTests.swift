import Foundation
import Testing

@testable import HutchConventions

/// The republish of every recorded `retry` case that retried, modelled as MaxRetry does
/// it: `enqueue_in(delay, MultiJson.decode(payload), headers: properties[:headers])`
/// with the delivered headers passed through ``BunnyTableEncoding/reencodingDecoded(_:)``.
@Suite struct RecordedRetryRepublishTests {
    static let cases = RecordedCase.paths(kinds: ["retry"])

    @Test(arguments: cases)
    func republish(_ path: String) throws {
        let recorded = try RecordedCase.load(path)
        guard let republished = recorded.expected["republished"]?.objectValue,
            let delay = recorded.expected["delay_seconds"]?.int64Value
        else { return }
        let input = recorded.input
        let exchange = input["config"]?.objectValue?["mq_exchange"]?.stringValue ?? "hutch"
        let delivered = try input["headers"].flatMap { $0.isNull ? nil : try Recorded.table($0) } ?? FieldTable()
        let headers = try BunnyTableEncoding.reencodingDecoded(delivered)
        let body = try RubyJSON.multiJSONLoad(try Recorded.base64(try need(input["body_base64"]?.stringValue)))
        let expectedProperties = try need(republished["properties"])
        let environment = PublishEnvironment.fixed(
            timestamp: try need(expectedProperties.objectValue?["timestamp"]?.int64Value),
            messageID: try need(expectedProperties.objectValue?["message_id"]?.stringValue))
        let enqueue = HutchEnqueue(
            routingKeys: try RecordedPublishTests.routingKeys(input), configuration: PublisherConfiguration(exchange: exchange))
        let produced = try enqueue.enqueueIn(
            .seconds(delay), .value(body), properties: PublishProperties([("headers", .headers(HeaderHash(encoded: headers)))]),
            environment: environment)
        #expect(produced.exchange == republished["exchange"]?.stringValue)
        #expect(produced.routingKey == republished["routing_key"]?.stringValue)
        #expect(produced.properties == (try Recorded.properties(expectedProperties)))
        #expect(produced.body == (try Recorded.base64(try need(republished["body_base64"]?.stringValue))))
    }
}
