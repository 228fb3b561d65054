import Testing

@testable import Hutch

/// One attempt, many waiters, each with its own deadline.
@Suite(.timeLimit(.minutes(1)))
struct SharedAttemptTests {
    /// An attempt that finishes when `release` is yielded to.
    static func gated() -> (SharedAttempt<Int>, AsyncStream<Int>.Continuation) {
        let (stream, release) = AsyncStream.makeStream(of: Int.self)
        let attempt = SharedAttempt<Int> {
            for await value in stream { return value }
            throw CancellationError()
        }
        return (attempt, release)
    }

    @Test func aDeadlineAlreadyPastReturnsNilAtOnce() async throws {
        let (attempt, release) = Self.gated()
        #expect(try await attempt.value(until: .now - .seconds(1)) == nil)
        release.yield(1)
    }

    @Test func everyWaiterGetsTheValueAndLaterCallersGetItAtOnce() async throws {
        let (attempt, release) = Self.gated()
        async let first = attempt.value(until: .now + .seconds(30))
        async let second = attempt.value(until: .now + .seconds(30))
        try await Task.sleep(for: .milliseconds(50))
        release.yield(7)
        #expect(try await [first, second] == [7, 7])
        #expect(try await attempt.value(until: .now - .seconds(1)) == 7)
    }

    @Test func aWaiterWhoseDeadlinePassesLeavesTheAttemptToTheOthers() async throws {
        let (attempt, release) = Self.gated()
        async let patient = attempt.value(until: .now + .seconds(30))
        #expect(try await attempt.value(until: .now + .milliseconds(50)) == nil)
        release.yield(3)
        #expect(try await patient == 3)
    }

    @Test func theAttemptsErrorReachesEveryWaiter() async throws {
        struct Refused: Error {}
        let attempt = SharedAttempt<Int> { throw Refused() }
        await #expect(throws: Refused.self) { try await attempt.value(until: .now + .seconds(30)) }
        await #expect(throws: Refused.self) { try await attempt.value(until: .now + .seconds(30)) }
    }

    @Test func aCancelledWaiterThrowsCancellationError() async throws {
        let (attempt, release) = Self.gated()
        let waiter = Task { try await attempt.value(until: .now + .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        release.yield(1)
    }
}
