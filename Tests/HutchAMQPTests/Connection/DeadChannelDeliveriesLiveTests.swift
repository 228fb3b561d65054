import HutchAMQP
import HutchConventions
import Testing

/// Deliveries buffered for a consumer whose channel then dies are not handed out: they
/// can no longer be acknowledged and the broker has put them back in the queue, so a
/// reader that handled them would handle them twice. A consumer cancelled while its
/// channel lives keeps its buffered deliveries.
@Suite(
    LiveBroker.reachable)
struct DeadChannelDeliveriesLiveTests {
    @Test func deliveriesBufferedBeforeTheChannelDiedAreDroppedAndRequeued() async throws {
        let queue = LiveBroker.uniqueName("dead-channel")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            for n in 0..<10 {
                try await connection.publish(BasicPublish(exchange: "", routingKey: queue), body: Array("\(n)".utf8), on: 1)
            }
            try await connection.openChannel(2)
            try await connection.declare(.basicQos(BasicQos(prefetchCount: 10)), on: 2)
            let deliveries = try await connection.consume(BasicConsume(queue: queue, consumerTag: "reader"), on: 2)
            // Let the 10 deliveries arrive and wait in the buffer, unread.
            try await Task.sleep(for: .milliseconds(300))
            // Kill channel 2: a 406 from redeclaring the queue with other flags.
            _ = await expectAMQPError { () throws(AMQPError) in
                try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: true)), on: 2)
            }
            var handed = 0
            let ended = await expectAMQPError { () throws(AMQPError) in
                for try await _ in deliveries { handed += 1 }
            }
            #expect(handed == 0, "deliveries of a dead channel were handed out")
            #expect(ended?.code == .channelClosedByBroker || ended?.code == .preconditionFailed)
            let ready = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            print("dead channel: 10 buffered, \(handed) handed out, \(ready?.messageCount ?? 0) back in the queue")
            #expect(ready?.messageCount == 10)
        }
    }

    @Test func aCancelledConsumerStillHandsOutWhatWasBuffered() async throws {
        let queue = LiveBroker.uniqueName("cancelled")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            for n in 0..<5 {
                try await connection.publish(BasicPublish(exchange: "", routingKey: queue), body: Array("\(n)".utf8), on: 1)
            }
            try await connection.openChannel(2)
            let deliveries = try await connection.consume(BasicConsume(queue: queue, consumerTag: "reader", noAck: true), on: 2)
            try await Task.sleep(for: .milliseconds(300))
            try await connection.cancel(consumerTag: "reader", on: 2)
            var handed = 0
            for try await _ in deliveries { handed += 1 }
            #expect(handed == 5)
        }
    }
}
