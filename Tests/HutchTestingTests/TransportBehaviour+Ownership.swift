import HutchAMQP
import HutchConventions
import Testing

extension TransportBehaviour {
    /// Exclusive queues: another connection gets 405 `RESOURCE_LOCKED`, and so does a
    /// redeclaration with another exclusive flag; reserved names and unknown exchange
    /// types are refused (the latter closing the connection).
    static func exclusiveAndReserved(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("exclusive")
        try await broker.withTransport { owner in
            _ = try await owner.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false, exclusive: true)), on: 1)
            try await broker.withTransport { other in
                let locked = try #require(await expectAMQPError { () throws(AMQPError) in _ = try await other.take(queue) })
                #expect(locked.code == .resourceLocked)
                #expect(locked.scope == .channel)
                #expect(
                    locked.replyText
                        == "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '\(queue)' in vhost '/'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration."
                )
            }
            let relaxed = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await owner.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
                })
            #expect(relaxed.code == .resourceLocked)

            try await owner.openChannel(1)
            let reserved = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await owner.declare(.exchangeDeclare(ExchangeDeclare(exchange: "amq.hutch-test", durable: false)), on: 1)
                })
            #expect(reserved.code == .accessRefused)
            #expect(reserved.replyText == "ACCESS_REFUSED - exchange name 'amq.hutch-test' contains reserved prefix 'amq.*'")

            try await owner.openChannel(1)
            let unknown = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await owner.declare(
                        .exchangeDeclare(ExchangeDeclare(exchange: queue, type: "no-such-type", durable: false)), on: 1)
                })
            #expect(unknown.scope == .connection)
            #expect(unknown.replyCode == 503)
            #expect(unknown.replyText == "COMMAND_INVALID - unknown exchange type 'no-such-type'")
        }
    }

    /// Two consumers share a queue round robin; closing one's channel puts its
    /// unacknowledged deliveries back (redelivered) for the other; after the queue is
    /// deleted, cancelling the remaining consumer still ends its deliveries normally.
    static func consumersShareAndRequeue(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("shared")
        try await broker.withTransport(queues: [queue]) { t in
            try await t.declareQueue(queue)
            try await t.openChannel(2)
            _ = try await t.declare(.basicQos(BasicQos(prefetchCount: 1)), on: 1)
            _ = try await t.declare(.basicQos(BasicQos(prefetchCount: 1)), on: 2)
            var one = try await t.consume(BasicConsume(queue: queue, consumerTag: "one"), on: 1).makeAsyncIterator()
            var two = try await t.consume(BasicConsume(queue: queue, consumerTag: "two"), on: 2).makeAsyncIterator()
            try await t.publish("a", routingKey: queue)
            try await t.publish("b", routingKey: queue)
            let first = try #require(try await one.next())
            let second = try #require(try await two.next())
            #expect(String(decoding: first.body, as: UTF8.self) == "a")
            #expect(String(decoding: second.body, as: UTF8.self) == "b")
            try await t.closeChannel(1)
            #expect(try await one.next() == nil)
            try await t.ack(second, multiple: false)
            let again = try #require(try await two.next())
            #expect(String(decoding: again.body, as: UTF8.self) == "a")
            #expect(again.redelivered)
            try await t.openChannel(1)
            #expect(try await t.deleteQueue(queue, ifUnused: false, ifEmpty: false, on: 1) == 0)
            // The client does not announce consumer_cancel_notify, so the broker says
            // nothing; the consumer's deliveries end when the client cancels it.
            try await t.cancel(consumerTag: "two", on: 2)
            #expect(try await two.next() == nil)
        }
    }

    /// `basic.nack` with `multiple` and no requeue dead-letters every earlier delivery.
    static func nackMultipleDeadLetters(_ broker: BrokerUnderTest) async throws {
        let work = broker.uniqueName("nack-work")
        let dead = broker.uniqueName("nack-dead")
        try await broker.withTransport(queues: [work, dead]) { t in
            try await t.declareQueue(dead)
            try await t.declareQueue(
                work,
                arguments: FieldTable(pairs: [("x-dead-letter-exchange", .string("")), ("x-dead-letter-routing-key", .string(dead))]))
            for body in ["a", "b", "c"] { try await t.publish(body, routingKey: work) }
            try await t.settle(finalBody: "d", routingKey: work)
            var taken: [FetchedMessage] = []
            for _ in 0..<3 { taken.append(try #require(try await t.get(queue: work, autoAck: false, on: 1))) }
            try await t.nack(taken[1].delivery, multiple: true, requeue: false)
            let deadBodies = try await broker.eventually("two dead letters") { () -> [String]? in
                let bodies = try await drain(dead, t)
                return bodies.isEmpty ? nil : bodies
            }
            #expect(deadBodies == ["a", "b"])
            try await t.reject(taken[2].delivery, requeue: true)
            #expect(try await drain(work, t) == ["c", "d"])
        }
    }
}
