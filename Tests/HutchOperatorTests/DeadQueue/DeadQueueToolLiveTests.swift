import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchOperator
import Testing

/// The dead-queue tool against the real broker: listing leaves messages in place,
/// re-delivery moves only what was selected (with or without the failure history),
/// keeps what no queue would receive, and purge empties the queue.
@Suite(OperatorBroker.reachable, .timeLimit(.minutes(2)))
struct DeadQueueToolLiveTests {
    @Test("list: original routing key, failures from x-death or the counter header, x-death times; nothing is taken")
    func listLeavesMessagesInPlace() async throws {
        let broker = try await OperatorBroker.make()
        defer { Task { await broker.cleanUp() } }
        try await broker.putDeadThroughExpiry(id: "expired-1")
        try await broker.putDead(id: "counted-2", headers: FieldTable(pairs: [(RetryCountHeader.defaultName, .int64(4))]))
        try await broker.putDead(id: "plain-3", body: "\u{1B}[2J" + String(repeating: "x", count: 100))
        let tool = DeadQueueTool(connection: broker.connection, deadQueue: broker.deadQueue)

        let listing = try await tool.list(limit: 10)
        #expect(listing.ready == 3)
        #expect(listing.messages.map(\.position) == [1, 2, 3])
        #expect(listing.messages.map(\.messageID) == ["expired-1", "counted-2", "plain-3"])
        #expect(listing.messages.allSatisfy { $0.originalRoutingKey == broker.routingKey })
        #expect(listing.messages.map(\.failureCount) == [1, 4, 0])
        let expired = listing.messages[0]
        #expect(expired.firstFailure != nil && expired.firstFailure == expired.lastFailure)
        #expect(abs(try #require(expired.lastFailure).timeIntervalSinceNow) < 120)
        #expect(listing.messages[2].bodyPreview(limit: 10) == "\u{1B}[2Jxxxxxx…")
        // The broker requeues the listed messages asynchronously after the listing channel's
        // close-ok; `list` returns only once they are back, so a redelivery right after it
        // finds them (redeliverKeepingRetries lists, then redelivers at once).
        #expect(try await broker.count(broker.deadQueue.queueName) == 3)
        #expect(try await tool.list(limit: 1).messages.map(\.messageID) == ["expired-1"])
    }

    @Test("redeliver --retries reset: only the selected messages move, to the consumer's queue, without x-death or the counter header")
    func redeliverSelectedResettingRetries() async throws {
        let broker = try await OperatorBroker.make()
        defer { Task { await broker.cleanUp() } }
        try await broker.putDeadThroughExpiry(id: "m1")
        try await broker.putDead(
            id: "m2", headers: FieldTable(pairs: [(RetryCountHeader.defaultName, .int64(4)), ("app", .string("kept"))]))
        try await broker.putDead(id: "m3")
        try await broker.putDeadThroughExpiry(id: "m4")
        let tool = DeadQueueTool(connection: broker.connection, deadQueue: broker.deadQueue)

        let report = try await tool.redeliver(
            .matching(messageIDs: ["m2"], positions: [4]), history: .reset(counterHeader: RetryCountHeader.defaultName))
        #expect(report.moved.map(\.messageID) == ["m2", "m4"])
        #expect(report.moved.allSatisfy { $0.routingKey == broker.routingKey })
        #expect(report.unroutable.isEmpty)
        #expect(report.examined == 4)

        try await broker.waitForCount(2, in: broker.consumerQueue)
        let arrived = try await broker.drain(broker.consumerQueue)
        #expect(arrived.map(\.properties.messageID) == ["m2", "m4"])
        #expect(arrived.allSatisfy { $0.routingKey == broker.routingKey && $0.exchange == broker.exchange })
        #expect(arrived[0].properties.headers == FieldTable(pairs: [("app", .string("kept"))]))
        #expect(arrived[1].properties.headers?["x-death"] == nil)
        #expect(arrived[1].properties.headers?["x-first-death-queue"] == nil)
        let left = try await tool.list(limit: 10)
        #expect(left.messages.map(\.messageID) == ["m1", "m3"])
    }

    @Test("redeliver --retries keep: the copy carries the counter header and x-death unchanged")
    func redeliverKeepingRetries() async throws {
        let broker = try await OperatorBroker.make()
        defer { Task { await broker.cleanUp() } }
        try await broker.putDeadThroughExpiry(id: "k1")
        try await broker.putDead(id: "k2", headers: FieldTable(pairs: [(RetryCountHeader.defaultName, .int64(4))]))
        let tool = DeadQueueTool(connection: broker.connection, deadQueue: broker.deadQueue)
        let before = try await tool.list(limit: 10).messages.map(\.delivery.properties.headers)

        let report = try await tool.redeliver(.all, history: .keep)
        #expect(report.moved.count == 2)
        try await broker.waitForCount(2, in: broker.consumerQueue)
        let arrived = try await broker.drain(broker.consumerQueue)
        #expect(arrived.map(\.properties.headers) == before)
        #expect(arrived.map { DeadMessage(position: 1, delivery: $0).failureCount } == [1, 4])
        #expect(try await broker.count(broker.deadQueue.queueName) == 0)
    }

    @Test("redeliver: a message no queue is bound for is returned by the broker and stays in the dead queue")
    func unroutableMessagesStay() async throws {
        let broker = try await OperatorBroker.make()
        defer { Task { await broker.cleanUp() } }
        try await broker.putDead(id: "nowhere", routingKey: "operator.no.such.binding")
        try await broker.putDead(id: "somewhere")
        let tool = DeadQueueTool(connection: broker.connection, deadQueue: broker.deadQueue)

        let report = try await tool.redeliver(.all, history: .keep)
        #expect(report.moved.map(\.messageID) == ["somewhere"])
        #expect(report.unroutable.map(\.messageID) == ["nowhere"])
        #expect(report.unroutable.first?.routingKey == "operator.no.such.binding")
        let left = try await tool.list(limit: 10)
        #expect(left.messages.map(\.messageID) == ["nowhere"])
        #expect(left.messages.first?.delivery.routingKey == "dead_queue.operator.no.such.binding")
    }

    @Test("redeliver to a main exchange that is gone: interrupted by the broker's 404, every message still in the dead queue")
    func interruptedRedeliveryKeepsEverything() async throws {
        let broker = try await OperatorBroker.make()
        defer { Task { await broker.cleanUp() } }
        for id in ["i1", "i2"] { try await broker.putDead(id: id) }
        try await broker.connection.deleteExchange(broker.exchange, on: broker.channel)
        let tool = DeadQueueTool(connection: broker.connection, deadQueue: broker.deadQueue)
        do {
            _ = try await tool.redeliver(.all, history: .keep)
            Issue.record("expected RedeliveryInterrupted")
        } catch let interrupted as RedeliveryInterrupted {
            #expect(interrupted.report.moved.isEmpty)
            #expect(interrupted.reason.contains("404"))
        }
        try await broker.waitForCount(2, in: broker.deadQueue.queueName)
        #expect(try await tool.list(limit: 10).messages.map(\.messageID) == ["i1", "i2"])
    }

    @Test("purge empties the dead queue; a missing dead queue is an OperatorError naming it")
    func purgeAndMissingQueue() async throws {
        let broker = try await OperatorBroker.make()
        defer { Task { await broker.cleanUp() } }
        for id in ["p1", "p2", "p3"] { try await broker.putDead(id: id) }
        let tool = DeadQueueTool(connection: broker.connection, deadQueue: broker.deadQueue)
        #expect(try await tool.purge() == 3)
        #expect(try await broker.count(broker.deadQueue.queueName) == 0)

        let missing = DeadQueueTool(connection: broker.connection, deadQueue: DeadQueue(exchange: broker.exchange + "-none"))
        await #expect(throws: OperatorError.self) { try await missing.list(limit: 1) }
        do {
            _ = try await missing.redeliver(.all, history: .keep)
            Issue.record("expected an OperatorError")
        } catch let error as OperatorError {
            #expect(error.description.contains(broker.exchange + "-none_dead_queue"))
        }
    }
}
