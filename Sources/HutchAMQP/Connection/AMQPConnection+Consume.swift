import HutchConventions
import Synchronization

extension AMQPConnection {
    /// Starts a consumer (`basic.consume`, with the caller's consumer tag and, by default,
    /// manual acknowledgement) and returns its deliveries.
    ///
    /// Stopping the iteration (the task is cancelled or the sequence dropped) cancels the
    /// consumer on the broker. Unacknowledged deliveries go back to the queue when the
    /// channel closes.
    package func consume(_ method: BasicConsume, on channel: UInt16) async throws(AMQPError) -> AMQPDeliveries {
        let feed = DeliveryFeed()
        let tag = try await run(.consume, channel: channel) { core throws(AMQPError) -> String in
            try core.consume(method, channel: channel, feed: feed)
        }
        feed.onReaderStopped { [weak loop] in
            _ = loop?.submit { core in core.abandonConsumer(tag, channel: channel) }
        }
        return AMQPDeliveries(feed)
    }

    /// Cancels a consumer (`basic.cancel`); its deliveries end normally.
    package func cancel(consumerTag: String, on channel: UInt16) async throws(AMQPError) {
        try await run(.cancel, channel: channel) { core throws(AMQPError) in
            try core.cancel(consumerTag: consumerTag, channel: channel)
        }
    }

    /// Acknowledges a delivery (`basic.ack`); with `multiple`, every earlier one on its
    /// channel too.
    package func ack(_ delivery: IncomingDelivery, multiple: Bool = false) async throws(AMQPError) {
        try await ack(deliveryTag: delivery.deliveryTag, multiple: multiple, on: delivery.channel)
    }

    /// Acknowledges by delivery tag (`basic.ack`).
    package func ack(deliveryTag: UInt64, multiple: Bool = false, on channel: UInt16) async throws(AMQPError) {
        try await run(.ack, channel: channel) { core throws(AMQPError) in
            try core.ack(BasicAck(deliveryTag: deliveryTag, multiple: multiple), channel: channel)
        }
    }

    /// Acknowledges a delivery (`basic.ack`) without waiting for it to be written: the ack
    /// is queued to the I/O thread behind the work queued before it (so it goes out before
    /// a later `channel.close` of the same channel), and `failed` is called there when it
    /// cannot be sent (the channel or connection is gone: the broker redelivers the
    /// message). Saves the caller a hand-off back from the I/O thread per message. Acks
    /// queued one after another may go out as one `multiple` ack where that acknowledges
    /// exactly the same deliveries (``ConnectionStateMachine/coalescedAcks(_:channel:)``).
    package func queueAck(_ delivery: IncomingDelivery, failed: @escaping @Sendable (AMQPError) -> Void) {
        let ack = QueuedAck(channel: delivery.channel, deliveryTag: delivery.deliveryTag, failed: failed)
        if let rejected = loop.submit(ack) { failed(rejected.reported(as: .ack, channel: delivery.channel)) }
    }

    /// Negatively acknowledges a delivery (`basic.nack`): requeued, or dropped (or
    /// dead-lettered) when `requeue` is false.
    package func nack(_ delivery: IncomingDelivery, multiple: Bool = false, requeue: Bool) async throws(AMQPError) {
        let method = BasicNack(deliveryTag: delivery.deliveryTag, multiple: multiple, requeue: requeue)
        let channel = delivery.channel
        try await run(.nack, channel: channel) { core throws(AMQPError) in
            try core.nack(method, channel: channel)
        }
    }

    /// Rejects a delivery (`basic.reject`): requeued (then redelivered with
    /// `redelivered` set), or dropped (or dead-lettered) when `requeue` is false.
    package func reject(_ delivery: IncomingDelivery, requeue: Bool) async throws(AMQPError) {
        let method = BasicReject(deliveryTag: delivery.deliveryTag, requeue: requeue)
        let channel = delivery.channel
        try await run(.reject, channel: channel) { core throws(AMQPError) in
            try core.reject(method, channel: channel)
        }
    }
}
