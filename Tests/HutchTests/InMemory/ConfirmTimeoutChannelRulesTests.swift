import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

@testable import Hutch

/// A confirm that timed out retires its channel: closed once the other publishes waiting
/// on it have their answers, not at once (which would fail them with `channelClosed`
/// though the broker may still confirm them), and replaced for the next publish.
@Suite struct ConfirmTimeoutChannelRulesTests {
    @Test func aTimedOutConfirmsChannelIsClosedAfterTheOtherPublishesOnIt() async throws {
        let client = HookedHutch(
            settings: InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)),
            label: "confirm-timeout")
        let hutch = client.hutch
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("confirm-timeout"))
        try await publisher.publish("orders.created", json: ["n": 1], confirm: true)
        let amqp = try #require(client.first)
        let key = try #require(publisher.channels.withLock { $0.currentKey })

        // Two confirmed publishes under way on the channel; the first one's confirm times out.
        #expect(publisher.channels.withLock { $0.begin(key, count: 2) } == true)
        #expect(publisher.channels.withLock { $0.finish(key) } == false)
        let timedOut = AMQPError(code: .confirmTimeout, operation: .publish, channel: key.number)
        await publisher.react(Publisher.ChannelReaction(to: timedOut), to: timedOut, on: key, of: amqp)
        #expect(publisher.channels.withLock { $0.currentKey } == nil, "the next publish takes a new channel")
        try await Task.sleep(for: .milliseconds(300))
        #expect(amqp.channelCloseCount == 0, "the other publish still waits on the channel")

        // The other publish has its answer, as `deliver` reports it: the channel is closed now.
        let closes = publisher.channels.withLock { $0.finish(key) }
        #expect(closes, "the last answer on the retired channel closes it")
        try await publisher.publish("orders.created", json: ["n": 2], confirm: true)
        #expect(publisher.channels.withLock { $0.currentKey } != key)
        await hutch.close()
    }
}
