import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// A consumer that records what it receives.
struct RecordingConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("roundtrip-q")
    static let routingKeys = ["orders.created"]
    let received: Collector<ReceivedMessage<Order>>

    struct Order: Codable, Sendable, Equatable {
        var id: Int
        var note: String
        var amount: Double
    }

    func process(_ message: ReceivedMessage<Order>) async throws { await received.append(message) }
}

@Suite struct RoundTripLiveTests {
    @Test(LiveBroker.reachable) func publishThenConsumeKeepsHutchsPropertiesAndBodyBytes() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [RecordingConsumer.queueName ?? ""]) } }
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("roundtrip"))
        let environment = PublishEnvironment.fixed(timestamp: 1_764_000_000, messageID: "7d4c2a4e-1f0b-4c1e-9a57-3b2f1e0c9d11")
        let publisher = Publisher(connection: hutch, environment: environment)
        let received = Collector<ReceivedMessage<RecordingConsumer.Order>>()
        let worker = Worker(connection: hutch, consumers: [RecordingConsumer(received: received)], publisher: publisher)
        let running = start(worker)
        try await worker.waitForSubscription()

        let order = RecordingConsumer.Order(id: 42, note: "café </script> \u{2028}", amount: 1.0e20)
        try await publisher.publish("orders.created", order, confirm: true)
        let messages = await received.wait(for: 1, timeout: .seconds(10))
        worker.shutdown()
        try await running.value
        await hutch.close()

        let message = try #require(messages.first)
        // What Ruby's Hutch.publish would put on the wire for the same Hash, time and id.
        let expected = try HutchPublisher(configuration: settings.publisherConfiguration).publish(
            routingKey: "orders.created", message: .value(try RubyJSONEncoder().encodeToJSONValue(order)), environment: environment)
        #expect(message.rawBody == expected.body)
        #expect(String(decoding: message.rawBody, as: UTF8.self) == #"{"id":42,"note":"café </script> \#u{2028}","amount":1.0e+20}"#)
        #expect(message.properties == expected.properties)
        #expect(message.properties.contentType == "application/json")
        #expect(message.properties.deliveryMode == 2)
        #expect(message.properties.priority == 0)
        #expect(message.messageID == "7d4c2a4e-1f0b-4c1e-9a57-3b2f1e0c9d11")
        #expect(message.timestamp == 1_764_000_000)
        #expect(message.body == order)
        #expect(message.exchange == settings.topology.mqExchange)
        #expect(message.failureCount == 0)
    }
}
