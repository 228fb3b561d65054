import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

/// A publishing channel whose set-up fails after it opened — a memory alarm holding the
/// exchange's declaration past its patience — is closed, not left open with its number
/// taken for the life of the connection.
@Suite struct PublishingChannelSetupRulesTests {
    @Test func aChannelWhoseDeclarationFailedIsClosed() async throws {
        let client = HookedHutch(
            settings: InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)),
            label: "publishing-setup"
        ) { _, call, number, _, connection in
            if call == .declare, number == 1 { connection.block() }
        }
        let hutch = client.hutch
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("publishing-setup"))
        let publishing = Task { try await publisher.publish("orders.created", json: ["n": 1]) }
        let connection = { client.first }
        try await waitUntil(timeout: .seconds(20)) { connection()?.inner.heldCallCount == 1 }
        try #require(connection()?.inner.heldCallCount == 1, "the exchange's declaration is held by the alarm")

        client.broker.advanceClock(by: .seconds(120))
        try await waitUntil(timeout: .seconds(20)) { connection()?.channelCloseCount == 1 }
        #expect(connection()?.channelCloseCount == 1, "the channel whose declaration failed is closed")

        connection()?.inner.unblock()
        let ended = await outcome(of: publishing, within: .seconds(20))
        #expect(ended != nil, "the publish ended once the alarm did")
        publishing.cancel()
        await hutch.close()
    }
}
