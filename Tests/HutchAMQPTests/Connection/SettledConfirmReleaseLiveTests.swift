import HutchConventions
import HutchTestSupport
import Synchronization
import Testing

@testable import HutchAMQP

/// A settled confirm is released once it resumed its publisher, never kept for the
/// connection's life.
@Suite(
    LiveBroker.reachable,
    .timeLimit(.minutes(1)))
struct SettledConfirmReleaseLiveTests {
    /// Something a confirm's completion holds on to.
    final class Token: Sendable {}

    @Test("what an acked confirm's completion held is released once it ran")
    func settledConfirmIsReleased() async throws {
        let queue = LiveBroker.uniqueName("settled-release-q")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.confirmSelect(on: 1)
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue)), on: 1)
            let held = Mutex<Token?>(Token())
            weak let token = held.withLock { $0 }
            let result = await withCheckedContinuation { (settled: CheckedContinuation<Result<Void, AMQPError>, Never>) in
                let owned = held.withLock { taken in
                    defer { taken = nil }
                    return taken!
                }
                let publish = QueuedPublish(
                    .message(OutgoingMessage(exchange: "", routingKey: queue, properties: BasicProperties(), body: Array("x".utf8))),
                    channel: 1, blockedTimeout: .seconds(5),
                    confirmation: ConnectionStateMachine.PendingConfirm(
                        deadline: .now + .seconds(30),
                        completion: { result in
                            withExtendedLifetime(owned) { settled.resume(returning: result) }
                        }))
                #expect(connection.loop.submit(publish) == nil)
            }
            #expect(throws: Never.self) { try result.get() }
            // Bounded: the thread sleeps within milliseconds of the ack.
            let deadline = ContinuousClock.now + .seconds(5)
            while token != nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(token == nil, "the settled confirm's completion (and what it holds) was not released")
        }
    }
}
