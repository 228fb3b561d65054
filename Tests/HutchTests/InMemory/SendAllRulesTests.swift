import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

/// `Publisher.sendAll`'s edges on the in-memory broker: nothing to send answers nothing, one
/// message is answered as `send` answers it, and a batch through a transport that cannot write
/// messages together (the in-memory one) still answers each in order.
@Suite struct SendAllRulesTests {
    static func setup(_ name: String) -> (InMemoryHutch, Publisher, HutchClientSettings) {
        let settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let client = InMemoryHutch(settings: settings, label: name)
        return (client, Publisher(connection: client.hutch), settings)
    }

    @Test func anEmptyBatchAnswersNothingAndOpensNoConnection() async {
        let (client, publisher, _) = Self.setup("send-all-empty")
        #expect(await publisher.sendAll([], confirm: true).isEmpty)
        #expect(client.opened.value.isEmpty)
        await client.hutch.close()
    }

    @Test func oneMessageAndABatchAreEachAnsweredInOrder() async throws {
        let (client, publisher, settings) = Self.setup("send-all-rules")
        #expect(client.opened.value.isEmpty)
        let keys = ["orders.created", "orders.paid", "orders.shipped"]
        let messages = try keys.map { try Publisher.message($0, json: ["id": 1], configuration: settings.publisherConfiguration) }
        let one = await publisher.sendAll([messages[0]], confirm: true)
        #expect(one.count == 1 && (try? one[0].get()) != nil, "\(one)")
        let all = await publisher.sendAll(messages, confirm: true)
        #expect(all.count == 3 && all.allSatisfy { (try? $0.get()) != nil }, "\(all)")
        #expect(client.opened.value.count == 1, "one connection for both")
        await client.hutch.close()
    }
}
