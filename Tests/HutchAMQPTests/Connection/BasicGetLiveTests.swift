import HutchAMQP
import HutchConventions
import Testing

/// `basic.get` and confirmed publishes that must be routed, against the real broker.
@Suite(
    LiveBroker.reachable,
    .timeLimit(.minutes(2)))
struct BasicGetLiveTests {
    @Test("basic.get: empty queue is nil; a message arrives whole; unacknowledged ones go back when the channel closes")
    func getWithoutAck() async throws {
        let queue = LiveBroker.uniqueName("get")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            #expect(try await connection.get(queue: queue, on: 1) == nil)
            let properties = BasicProperties(
                headers: FieldTable(pairs: [("x-n", .int64(7))]), deliveryMode: 2, priority: 3, messageID: "m-1", timestamp: 1_700_000_000)
            let body = Array(repeating: UInt8(ascii: "b"), count: 300_000)  // several frames
            for id in ["m-1", "m-2"] {
                var copy = properties
                copy.messageID = id
                try await connection.publish(BasicPublish(exchange: "", routingKey: queue), properties: copy, body: body, on: 1)
            }
            let first = try #require(try await connection.get(queue: queue, on: 1))
            #expect(first.delivery.properties == properties)
            #expect(first.delivery.body == body)
            #expect(first.delivery.routingKey == queue)
            #expect(first.remaining == 1)
            #expect(!first.delivery.redelivered)
            let second = try #require(try await connection.get(queue: queue, on: 1))
            #expect(second.delivery.properties.messageID == "m-2")
            try await connection.ack(second.delivery)
            try await connection.closeChannel(1)
            try await connection.openChannel(1)
            let again = try #require(try await connection.get(queue: queue, on: 1))
            #expect(again.delivery.properties.messageID == "m-1")
            #expect(again.delivery.redelivered)
            try await connection.ack(again.delivery)
            #expect(try await connection.get(queue: queue, on: 1) == nil)
        }
    }

    @Test("basic.get of a missing queue: 404, the channel closes")
    func getMissingQueue() async throws {
        try await withLiveConnection { connection in
            let error = await expectAMQPError { () throws(AMQPError) in
                _ = try await connection.get(queue: LiveBroker.uniqueName("missing"), on: 1)
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test("failWhenUnroutable: a confirmed publish no queue receives throws publishReturned; a routed one succeeds")
    func unroutableConfirmedPublish() async throws {
        let queue = LiveBroker.uniqueName("routed")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            try await connection.confirmSelect(on: 1)
            let nowhere = BasicPublish(exchange: "", routingKey: LiveBroker.uniqueName("no-such-queue"))
            // Without the option the broker's ack reports success for a message that went nowhere.
            try await connection.publishConfirmed(nowhere, body: [1], on: 1)
            let error = await expectAMQPError { () throws(AMQPError) in
                try await connection.publishConfirmed(nowhere, body: [1], on: 1, failWhenUnroutable: true)
            }
            #expect(error?.code == .publishReturned)
            try await connection.publishConfirmed(BasicPublish(exchange: "", routingKey: queue), body: [2], on: 1, failWhenUnroutable: true)
            let got = try #require(try await connection.get(queue: queue, autoAck: true, on: 1))
            #expect(got.delivery.body == [2])
        }
    }
}
