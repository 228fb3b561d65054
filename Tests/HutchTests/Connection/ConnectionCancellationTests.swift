import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// `HutchConnection.connection()` honours its caller's cancellation while the broker
/// cannot be reached (a closed loopback port), and callers share one attempt.
@Suite struct ConnectionCancellationTests {
    /// Settings for a closed loopback port, with the given backoff.
    static func unreachable(_ backoff: ReconnectBackoff) throws -> HutchClientSettings {
        var settings = HutchClientSettings(
            connection: try ConnectionOptions(url: "amqp://guest:guest@127.0.0.1:1/"),
            profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        settings.reconnect = backoff
        return settings
    }

    /// Three attempts 300 ms apart, then the connect failure is thrown.
    static let slowThreeAttempts = ReconnectBackoff(initial: .milliseconds(300), maximum: .milliseconds(300), maxAttempts: 3)

    @Test func aCancelledCallerStopsWaitingWhileAnotherWaitsOn() async throws {
        let hutch = HutchConnection(settings: try Self.unreachable(Self.slowThreeAttempts))
        let staying = Task { _ = try await hutch.connection() }
        let leaving = Task { _ = try await hutch.connection() }
        try await Task.sleep(for: .milliseconds(50))
        leaving.cancel()
        // The bounds guard against a hang only (the full suite on a loaded 2-core machine
        // once kept this caller waiting for a pool thread beyond 5 s): what is asserted is
        // that it ends in CancellationError, not in the shared attempt's failure.
        let left = try #require(await outcome(of: leaving, within: .seconds(15)), "the cancelled caller went on waiting")
        #expect(throws: CancellationError.self) { try left.get() }
        // The shared attempt went on for the other caller, to its own end.
        let stayed = try #require(await outcome(of: staying, within: .seconds(20)))
        #expect { try stayed.get() } throws: { ($0 as? AMQPError)?.code == .connectionRefused }
        await hutch.close()
    }

    @Test func anAttemptNobodyWaitsForIsCancelledAndTheNextCallStartsAfresh() async throws {
        let hutch = HutchConnection(settings: try Self.unreachable(Self.slowThreeAttempts))
        let leaving = Task { _ = try await hutch.connection() }
        try await Task.sleep(for: .milliseconds(50))
        leaving.cancel()
        let left = try #require(await outcome(of: leaving, within: .seconds(5)), "the cancelled caller went on waiting")
        #expect(throws: CancellationError.self) { try left.get() }
        // Joining the cancelled attempt would end in its CancellationError; a fresh
        // attempt makes its three tries and throws the connect failure.
        let next = try #require(await outcome(of: Task { _ = try await hutch.connection() }, within: .seconds(10)))
        #expect { try next.get() } throws: { ($0 as? AMQPError)?.code == .connectionRefused }
        await hutch.close()
    }
}
