/// A message taken from a queue with ``AMQPConnection/get(queue:autoAck:on:)``
/// (`basic.get-ok`, its content header and body).
package struct FetchedMessage: Sendable, Equatable {
    /// The message; without auto-ack, acknowledge it with ``AMQPConnection/ack(_:multiple:)``
    /// (its ``IncomingDelivery/consumerTag`` is empty) or leave it unacknowledged: it goes
    /// back to the queue when the channel closes.
    package var delivery: IncomingDelivery
    /// How many messages the queue still held ready after this one was taken.
    package var remaining: UInt32

    /// Creates a fetched message.
    package init(delivery: IncomingDelivery, remaining: UInt32) {
        self.delivery = delivery
        self.remaining = remaining
    }
}
