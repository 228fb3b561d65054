import HutchAMQP
import HutchConventions
import Testing

extension TransportBehaviour {
    /// Requeued messages come back with `redelivered`; a cancelled consumer's deliveries
    /// end normally.
    static func requeueRedelivers(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("requeue")
        try await broker.withTransport(queues: [queue]) { t in
            try await t.declareQueue(queue)
            try await t.publish("m", routingKey: queue)
            let first = try await broker.eventually("the message") { try await t.get(queue: queue, autoAck: false, on: 1) }
            #expect(!first.delivery.redelivered)
            try await t.nack(first.delivery, multiple: false, requeue: true)
            let second = try #require(try await t.get(queue: queue, autoAck: false, on: 1))
            #expect(second.delivery.redelivered)
            #expect(second.delivery.body == first.delivery.body)
            try await t.reject(second.delivery, requeue: true)

            var deliveries = try await t.consume(BasicConsume(queue: queue, consumerTag: "requeue-consumer"), on: 1).makeAsyncIterator()
            let third = try #require(try await deliveries.next())
            #expect(third.redelivered)
            #expect(third.consumerTag == "requeue-consumer")
            try await t.ack(third, multiple: false)
            try await t.cancel(consumerTag: "requeue-consumer", on: 1)
            #expect(try await deliveries.next() == nil)
            #expect(try await t.take(queue) == nil)
        }
    }

    /// `basic.qos`: no more unacknowledged deliveries than the prefetch count; an ack
    /// (a `multiple` one settles every earlier delivery) makes room for the next.
    static func prefetchLimits(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("prefetch")
        try await broker.withTransport(queues: [queue]) { t in
            try await t.declareQueue(queue)
            for n in 1...4 { try await t.publish("m\(n)", routingKey: queue) }
            try await t.settle(finalBody: "m5", routingKey: queue)
            _ = try await t.declare(.basicQos(BasicQos(prefetchCount: 2)), on: 1)
            var deliveries = try await t.consume(BasicConsume(queue: queue, consumerTag: "prefetch"), on: 1).makeAsyncIterator()
            let first = try #require(try await deliveries.next())
            let second = try #require(try await deliveries.next())
            #expect([first, second].map { String(decoding: $0.body, as: UTF8.self) } == ["m1", "m2"])
            // Two out, unacknowledged: the other three wait in the queue.
            let held = try await t.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            #expect(held?.messageCount == 3)
            #expect(held?.consumerCount == 1)
            try await t.ack(second, multiple: true)
            let third = try #require(try await deliveries.next())
            let fourth = try #require(try await deliveries.next())
            #expect([third, fourth].map { String(decoding: $0.body, as: UTF8.self) } == ["m3", "m4"])
            #expect(fourth.deliveryTag == 4)
            let left = try await t.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            #expect(left?.messageCount == 1)
        }
    }

    /// Acknowledging a delivery twice: the broker closes the channel with 406
    /// `PRECONDITION_FAILED - unknown delivery tag`, the consumer's deliveries end with it,
    /// and unacknowledged deliveries go back to the queue.
    static func doubleAckClosesChannel(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("double-ack")
        try await broker.withTransport(queues: [queue]) { t in
            try await t.declareQueue(queue)
            try await t.publish("a", routingKey: queue)
            try await t.publish("b", routingKey: queue)
            var deliveries = try await t.consume(BasicConsume(queue: queue, consumerTag: "double"), on: 1).makeAsyncIterator()
            let first = try #require(try await deliveries.next())
            try await t.ack(first, multiple: false)
            try await t.ack(first, multiple: false)
            var ended: AMQPError?
            do throws(AMQPError) {
                while try await deliveries.next() != nil {}
            } catch {
                ended = error
            }
            let error = try #require(ended)
            #expect(error.code == .preconditionFailed)
            #expect(error.scope == .channel)
            #expect(error.replyCode == 406)
            #expect(error.replyText == "PRECONDITION_FAILED - unknown delivery tag 1")
            #expect(error.classID == 60 && error.methodID == 80)
            let later = try #require(await expectAMQPError { () throws(AMQPError) in _ = try await t.take(queue) })
            #expect(later.code == .channelClosed)
            #expect(later.replyCode == 406)

            try await t.openChannel(1)
            let back = try await broker.eventually("b back in the queue") { try await t.take(queue) }
            #expect(String(decoding: back.delivery.body, as: UTF8.self) == "b")
            #expect(back.delivery.redelivered)
        }
    }

    /// `basic.get` (with the count of what stays), `queue.purge` (ready messages only),
    /// closing a channel requeues its unacknowledged `get`, `queue.delete` counts.
    static func getPurgeDelete(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("get")
        try await broker.withTransport(queues: [queue]) { t in
            try await t.declareQueue(queue)
            #expect(try await t.get(queue: queue, autoAck: false, on: 1) == nil)
            for n in 1...3 { try await t.publish("m\(n)", routingKey: queue) }
            try await t.settle(finalBody: "m4", routingKey: queue)
            let first = try #require(try await t.get(queue: queue, autoAck: false, on: 1))
            #expect(first.remaining == 3)
            #expect(first.delivery.consumerTag == "")
            #expect(try await t.purgeQueue(queue, on: 1) == 3)
            let empty = try await t.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            #expect(empty?.messageCount == 0)
            try await t.closeChannel(1)
            try await t.openChannel(1)
            let again = try await broker.eventually("the unacknowledged message back") { try await t.take(queue) }
            #expect(again.delivery.redelivered)
            #expect(String(decoding: again.delivery.body, as: UTF8.self) == "m1")
            try await t.settle(finalBody: "m5", routingKey: queue)
            #expect(try await t.deleteQueue(queue, ifUnused: false, ifEmpty: false, on: 1) == 1)
            let gone = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await t.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
                })
            #expect(gone.code == .notFound)
        }
    }
}
