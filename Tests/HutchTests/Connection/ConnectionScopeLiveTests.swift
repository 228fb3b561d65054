import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// A broker `connection.close` whose code is neither 320 nor in any list of "lost
/// connection" codes: 530 NOT_ALLOWED, which RabbitMQ sends when a client opens more
/// channels than the `channel_max` it negotiated. The connection is gone below; the client
/// must see that and connect again.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(2)))
struct ConnectionScopeLiveTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)

    /// Settings that negotiate `channel_max` 1, so opening a second channel gets 530.
    static func oneChannelSettings() throws -> HutchClientSettings {
        var settings = try LiveBroker.settings(profile: profile)
        settings.connection.channelMax = 1
        return settings
    }

    @Test func aConnectionClosedWith530IsReplacedByANewConnection() async throws {
        let hutch = HutchConnection(settings: try Self.oneChannelSettings(), logger: LiveBroker.logger("scope-530"))
        let first = try await hutch.connection()
        #expect(first.tuning.channelMax == 1)
        try await first.openChannel(1)
        var closed: AMQPError?
        do { try await first.openChannel(2) } catch { closed = error }
        let error = try #require(closed)
        #expect(error.code == .notAllowed)
        #expect(error.replyCode == 530)
        #expect(error.endsConnection, "530 from connection.close ended the connection below: \(error)")
        await hutch.connectionFailed(first, error: error)

        let second = try await hutch.connection()
        #expect(second !== first, "the client handed out the connection the broker closed")
        #expect(await hutch.generation == 2)
        try await second.openChannel(1)
        await hutch.close()
    }
}
