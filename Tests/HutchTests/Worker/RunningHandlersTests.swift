import HutchAMQP
import HutchConventions
import Testing

@testable import Hutch

/// A consumer's handler lanes: abandoning them refuses later settlements at once and
/// cancels every lane, also one whose task is created while the abandon runs.
@Suite(.timeLimit(.minutes(1))) struct RunningHandlersTests {
    static func delivery(_ tag: UInt64) -> IncomingDelivery {
        IncomingDelivery(
            channel: 1, consumerTag: "c", deliveryTag: tag, redelivered: false, exchange: "hutch", routingKey: "orders.created",
            properties: BasicProperties(messageID: "m\(tag)"), body: [])
    }

    /// Starts a lane that waits up to 30 s and reports whether it was cancelled.
    static func startWaitingLane(_ handlers: RunningHandlers, tag: UInt64) -> AsyncStream<Bool> {
        let (outcome, continuation) = AsyncStream.makeStream(of: Bool.self)
        handlers.start(delivery(tag)) { _ in
            let cancelled = (try? await Task.sleep(for: .seconds(30))) == nil
            continuation.yield(cancelled)
            continuation.finish()
        }
        return outcome
    }

    @Test func abandoningCancelsTheRunningLanesAndReportsTheirDeliveries() async {
        let handlers = RunningHandlers()
        let outcomes = (1...3).map { Self.startWaitingLane(handlers, tag: $0) }
        #expect(handlers.maySettle)
        #expect(handlers.hasRunning)
        let reported = handlers.abandon()
        #expect(!handlers.maySettle)
        #expect(Set(reported.map(\.deliveryTag)) == [1, 2, 3])
        for outcome in outcomes { #expect(await outcome.first { _ in true } == true) }
        #expect(handlers.abandon().isEmpty, "a second abandon reports nothing")
        await handlers.waitUntilIdle()
    }

    @Test func aLaneStartedWhenTheLanesWereAbandonedIsCancelledAtOnce() async {
        let handlers = RunningHandlers()
        _ = handlers.abandon()
        let outcome = Self.startWaitingLane(handlers, tag: 7)
        #expect(await outcome.first { _ in true } == true, "the lane waited its 30 s out: it was not cancelled")
        #expect(!handlers.maySettle)
    }
}
