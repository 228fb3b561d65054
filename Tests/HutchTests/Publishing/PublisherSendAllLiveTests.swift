import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// `Publisher.sendAll`: many confirmed publishes in flight at once, each with its own answer.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(3)))
struct PublisherSendAllLiveTests {
    static func messages(_ count: Int, routingKey: String, settings: HutchClientSettings) throws -> [OutgoingMessage] {
        try (0..<count).map {
            try Publisher.message(routingKey, json: ["n": .integer(JSONInteger($0))], configuration: settings.publisherConfiguration)
        }
    }

    @Test func everyMessageInFlightIsConfirmed() async throws {
        try await PublisherChannelLiveTests.withPublisher("send-all", queueArguments: FieldTable()) {
            settings, hutch, publisher, routingKey in
            let results = await publisher.sendAll(try Self.messages(300, routingKey: routingKey, settings: settings), confirm: true)
            #expect(results.count == 300)
            let failures = results.compactMap { result -> String? in
                if case .failure(let error) = result { return "\(error)" }
                return nil
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
        }
    }

    @Test func eachNackIsReportedForItsOwnMessage() async throws {
        // Up to 5 messages fit; the broker nacks every publish beyond them.
        let bounded = FieldTable(pairs: [("x-max-length", .int64(5)), ("x-overflow", .string("reject-publish"))])
        try await PublisherChannelLiveTests.withPublisher("send-all-nack", queueArguments: bounded) { settings, _, publisher, routingKey in
            let results = await publisher.sendAll(try Self.messages(40, routingKey: routingKey, settings: settings), confirm: true)
            var confirmed = 0
            var nacked = 0
            var other: [String] = []
            for result in results {
                switch result {
                case .success: confirmed += 1
                case .failure(let error as AMQPError) where error.code == .publishNacked: nacked += 1
                case .failure(let error): other.append("\(error)")
                }
            }
            #expect(other.isEmpty, "\(other.prefix(3))")
            #expect(confirmed == 5)
            #expect(nacked == 35)
        }
    }
}
