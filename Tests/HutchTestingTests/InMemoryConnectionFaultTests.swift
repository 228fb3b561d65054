import HutchAMQP
import HutchConventions
import HutchTesting
import Synchronization
import Testing

/// The in-memory broker's fault injection and test clock: what only the double can do
/// on demand, with the errors `AMQPConnection` reports for the real thing.
@Suite(.timeLimit(.minutes(1)))
struct InMemoryConnectionFaultTests {
    private func connected(_ broker: InMemoryBroker, queue: String = "q") async throws -> InMemoryConnection {
        let connection = broker.connect()
        try await connection.openChannel(1)
        try await connection.declareQueue(queue)
        return connection
    }

    @Test("drop(): consumers end with connectionLost, later calls fail with it, unacked messages go back")
    func dropConnection() async throws {
        let broker = InMemoryBroker()
        let connection = try await connected(broker)
        try await connection.publish("m", routingKey: "q")
        var deliveries = try await connection.consume(BasicConsume(queue: "q", consumerTag: "c"), on: 1).makeAsyncIterator()
        _ = try #require(try await deliveries.next())
        connection.drop()
        let ended = await expectAMQPError { () throws(AMQPError) in _ = try await deliveries.next() }
        #expect(ended?.code == .connectionLost)
        #expect(ended?.scope == .connection)
        let later = await expectAMQPError { () throws(AMQPError) in _ = try await connection.openChannel() }
        #expect(later?.code == .connectionLost)
        #expect(later?.operation == .openChannel)
        #expect(broker.readyMessages(in: "q")?.map(\.redelivered) == [true])
    }

    @Test("closeByBroker: 320 CONNECTION_FORCED, connection scope")
    func closeByBroker() async throws {
        let broker = InMemoryBroker()
        let connection = try await connected(broker)
        connection.closeByBroker()
        let error = await expectAMQPError { () throws(AMQPError) in _ = try await connection.take("q") }
        #expect(error?.code == .connectionClosedByBroker)
        #expect(error?.replyCode == 320)
        #expect(error?.scope == .connection)
    }

    @Test("closeChannelByBroker: the consumer ends with the code, the channel reopens, other channels live on")
    func closeChannelByBroker() async throws {
        let broker = InMemoryBroker()
        let connection = try await connected(broker)
        try await connection.openChannel(2)
        var deliveries = try await connection.consume(BasicConsume(queue: "q", consumerTag: "c"), on: 1).makeAsyncIterator()
        connection.closeChannelByBroker(1, replyCode: 406, replyText: "PRECONDITION_FAILED - test")
        let ended = await expectAMQPError { () throws(AMQPError) in _ = try await deliveries.next() }
        #expect(ended?.code == .preconditionFailed)
        #expect(ended?.scope == .channel)
        let later = await expectAMQPError { () throws(AMQPError) in _ = try await connection.take("q") }
        #expect(later?.code == .channelClosed)
        #expect(later?.replyText == "PRECONDITION_FAILED - test")
        #expect(try await connection.get(queue: "q", autoAck: true, on: 2) == nil)
        try await connection.openChannel(1)
        #expect(try await connection.take("q") == nil)
    }

    @Test("nackNextPublishes: the next confirmed publish throws publishNacked and is not enqueued, the one after is acked")
    func nackNextPublish() async throws {
        let broker = InMemoryBroker()
        let connection = try await connected(broker)
        try await connection.confirmSelect(on: 1)
        connection.nackNextPublishes()
        let nacked = await expectAMQPError { () throws(AMQPError) in try await connection.settle(finalBody: "a", routingKey: "q") }
        #expect(nacked?.code == .publishNacked)
        #expect(nacked?.scope == .call)
        try await connection.settle(finalBody: "b", routingKey: "q")
        #expect(broker.readyMessages(in: "q")?.map { String(decoding: $0.body, as: UTF8.self) } == ["b"])
        let routes = broker.journal.compactMap { event -> [String]? in
            guard case .published(_, _, _, let queues) = event else { return nil }
            return queues
        }
        #expect(routes == [[], ["q"]], "the nacked publish went to no queue")
    }

    @Test("block: publishes wait for unblock; on the test clock they fail with connectionBlocked after their patience; acks go through")
    func blockAndUnblock() async throws {
        let broker = InMemoryBroker()
        let connection = try await connected(broker)
        try await connection.publish("m", routingKey: "q")
        let fetched = try #require(try await connection.get(queue: "q", autoAck: false, on: 1))
        let episodes = EpisodeLog()
        connection.observeUnblocking { episodes.append($0) }
        connection.block(reason: "low on disk")
        #expect(connection.blockedReason == "low on disk")
        try await connection.ack(fetched.delivery, multiple: false)

        let held = Task { try await connection.publish("held", routingKey: "q") }
        try await waitUntil { connection.heldCallCount == 1 }
        connection.unblock()
        try await held.value
        #expect(broker.readyMessages(in: "q")?.count == 1)
        #expect(episodes.reasons == ["low on disk"])

        connection.block(reason: "low on memory")
        let expiring = Task {
            try await connection.publish(BasicPublish(exchange: "", routingKey: "q"), body: [1], on: 1, blockedTimeout: .seconds(2))
        }
        try await waitUntil { connection.heldCallCount == 1 }
        broker.advanceClock(by: .seconds(2))
        let error: AMQPError?
        if case .failure(let failure) = await expiring.result { error = failure as? AMQPError } else { error = nil }
        #expect(error?.code == .connectionBlocked)
        #expect(error?.blockedReason == "low on memory")
        #expect(broker.readyMessages(in: "q")?.count == 1)
    }

    @Test("expiry follows the test clock: a message with expiration 50 is there at 49 ms and gone at 50")
    func expiryOnTheClock() async throws {
        let broker = InMemoryBroker()
        let connection = try await connected(broker)
        try await connection.publish("m", routingKey: "q", properties: BasicProperties(expiration: "50"))
        broker.advanceClock(by: .milliseconds(49))
        #expect(broker.readyMessages(in: "q")?.count == 1)
        broker.advanceClock(by: .milliseconds(1))
        #expect(broker.readyMessages(in: "q")?.count == 0)
    }

    @Test("an exclusive queue: 405 RESOURCE_LOCKED for another connection; it goes when its connection closes")
    func exclusiveQueue() async throws {
        let broker = InMemoryBroker()
        let owner = broker.connect()
        try await owner.openChannel(1)
        _ = try await owner.declare(.queueDeclare(QueueDeclare(queue: "mine", durable: false, exclusive: true)), on: 1)
        let other = broker.connect()
        try await other.openChannel(1)
        let error = await expectAMQPError { () throws(AMQPError) in _ = try await other.take("mine") }
        #expect(error?.code == .resourceLocked)
        #expect(error?.scope == .channel)
        await owner.close()
        #expect(!broker.hasQueue("mine"))
    }

    @Test("an auto-delete queue goes with its last consumer (cancelled, or its deliveries dropped)")
    func autoDeleteQueue() async throws {
        let broker = InMemoryBroker()
        let connection = broker.connect()
        try await connection.openChannel(1)
        _ = try await connection.declare(.queueDeclare(QueueDeclare(queue: "temp", durable: false, autoDelete: true)), on: 1)
        let deliveries = try await connection.consume(BasicConsume(queue: "temp", consumerTag: "c"), on: 1)
        #expect(broker.hasQueue("temp"))
        try await connection.cancel(consumerTag: "c", on: 1)
        #expect(!broker.hasQueue("temp"))
        withExtendedLifetime(deliveries) {}

        _ = try await connection.declare(.queueDeclare(QueueDeclare(queue: "temp", durable: false, autoDelete: true)), on: 1)
        _ = try await connection.consume(BasicConsume(queue: "temp", consumerTag: "dropped"), on: 1)
        #expect(!broker.hasQueue("temp"))
    }
}

/// Unblock episodes seen by an observer.
final class EpisodeLog: Sendable {
    private let episodes = Mutex<[BlockedEpisode]>([])
    func append(_ episode: BlockedEpisode) { episodes.withLock { $0.append(episode) } }
    var reasons: [String] { episodes.withLock { $0.map(\.reason) } }
}

/// Waits (bounded) until `condition` holds: a task handing a call to the broker.
func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 5 seconds")
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
