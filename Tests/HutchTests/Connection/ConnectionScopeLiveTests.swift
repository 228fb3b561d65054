import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// Records the numbers it receives.
struct ScopeConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("scope-q")
    static let routingKeys = [LiveBroker.uniqueName("scope-rk")]
    let received: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws { await received.append(message.body.n) }
}

/// A broker `connection.close` whose code is neither 320 nor in any list of "lost
/// connection" codes: 530 NOT_ALLOWED, which RabbitMQ sends when a client opens more
/// channels than the `channel_max` it negotiated. The connection is gone below; the client
/// must see that and connect again.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(1)))
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

    @Test func aWorkerWhoseConnectionIsClosedWith530ResubscribesOnANewOne() async throws {
        let settings = try Self.oneChannelSettings()
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: [ScopeConsumer.queueName ?? ""]) } }
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("scope-worker"))
        let received = Collector<Int>()
        let worker = Worker(connection: hutch, consumers: [ScopeConsumer(received: received)], logger: LiveBroker.logger("scope-worker"))
        let ended = Locked(false)
        let running = Task {
            defer { ended.withLock { $0 = true } }
            try await worker.run()
        }
        try await waitUntil(timeout: .seconds(10)) { worker.subscriptions >= 1 }
        #expect(worker.subscriptions == 1)

        // The worker holds the only channel; a second one makes the broker close the connection.
        let shared = try await hutch.connection()
        do { try await shared.openChannel(2) } catch {}

        try await waitUntil(timeout: .seconds(10)) {
            worker.subscriptions >= 2 || ended.value
        }
        #expect(worker.subscriptions == 2, "the worker did not resubscribe after the 530")
        #expect(await hutch.generation == 2)

        // And it consumes on the new connection (published over a connection of its own).
        let publishing = HutchConnection(settings: try LiveBroker.settings(profile: Self.profile, exchange: settings.topology.mqExchange))
        try await Publisher(connection: publishing).publish(ScopeConsumer.routingKeys[0], ["n": 7], confirm: true)
        #expect(await received.wait(for: 1, timeout: .seconds(10)) == [7])
        await publishing.close()
        worker.shutdown()
        _ = try? await running.value
        await hutch.close()
    }
}
