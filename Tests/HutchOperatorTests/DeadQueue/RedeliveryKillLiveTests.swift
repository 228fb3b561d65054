import Foundation
import HutchAMQP
import HutchTestSupport
import Testing

/// `hutch dead redeliver` killed (SIGKILL) after publishing a copy and before
/// acknowledging its original: every message is in the dead queue or at its
/// destination, none is missing; the one in flight is in both (counted and printed).
@Suite(OperatorBroker.reachable, HutchBinary.built, .timeLimit(.minutes(2)))
struct RedeliveryKillLiveTests {
    @Test("A re-delivery killed between confirm and ack loses nothing; running it again finishes the move")
    func killedRedeliveryLosesNothing() async throws {
        let broker = try await OperatorBroker.make()
        defer { Task { await broker.cleanUp() } }
        let total = 20
        let pauseAt = 8
        let ids = (1...total).map { "kill-\($0)" }
        for id in ids { try await broker.putDead(id: id) }
        let arguments = ["dead", "redeliver", "--all", "--retries", "reset", "--exchange", broker.exchange]
        let environment = ["HUTCH_URI": try #require(TestBroker.url)]

        let child = try ChildProcess(
            HutchBinary.path, arguments: arguments,
            environment: environment.merging(["HUTCH_TEST_PAUSE_BEFORE_ACK": String(pauseAt)]) { $1 })
        defer { child.kill() }
        #expect(await child.waitForLine("paused before ack kill-\(pauseAt)", timeout: .seconds(30)))
        child.kill()

        // The broker puts the unacknowledged originals back when it sees the connection die.
        try await broker.waitForCount(UInt32(total - pauseAt + 1), in: broker.deadQueue.queueName)
        let delivered = try await broker.drain(broker.consumerQueue).compactMap(\.properties.messageID)
        let dead = try await broker.drain(broker.deadQueue.queueName).compactMap(\.properties.messageID)
        let duplicates = Set(delivered).intersection(dead)
        let missing = Set(ids).subtracting(delivered).subtracting(dead)
        print(
            "killed re-delivery: \(total) dead messages, killed after confirming copy \(pauseAt) and before its ack: \(delivered.count) at the destination, \(dead.count) still dead, \(missing.count) missing, \(duplicates.count) duplicate(s) \(duplicates.sorted())"
        )
        #expect(missing.isEmpty)
        #expect(delivered == Array(ids.prefix(pauseAt)))
        #expect(duplicates == ["kill-\(pauseAt)"])
        #expect(Set(dead) == Set(ids.suffix(total - pauseAt + 1)))

        // Put the dead ones back as they were and finish the move with a run that is not killed.
        for id in dead { try await broker.putDead(id: id) }
        let rerun = try await HutchBinary.run(arguments, environment: environment)
        #expect(rerun.status == 0, "\(rerun.error)")
        #expect(rerun.output.hasSuffix("re-delivered \(dead.count), kept 0 unroutable, examined \(dead.count)\n"))
        try await broker.waitForCount(UInt32(dead.count), in: broker.consumerQueue)
        let second = try await broker.drain(broker.consumerQueue).compactMap(\.properties.messageID)
        let all = delivered + second
        print(
            "after a second run: \(all.count) deliveries of \(Set(all).count) distinct messages (\(all.count - Set(all).count) duplicate), \(try await broker.count(broker.deadQueue.queueName)) left dead"
        )
        #expect(Set(all) == Set(ids))
        #expect(all.count == total + 1)
        #expect(try await broker.count(broker.deadQueue.queueName) == 0)
    }
}
