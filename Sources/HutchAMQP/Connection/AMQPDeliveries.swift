/// The deliveries of one consumer, in the order the broker sent them.
///
/// The sequence ends (`nil`) after ``AMQPConnection/cancel(consumerTag:on:)`` or a graceful
/// ``AMQPConnection/close()``, and throws the ``AMQPError`` that ended it when the broker
/// closes the channel or connection, or the connection is lost. Deliveries still buffered
/// when their channel dies are dropped rather than handed out: they cannot be
/// acknowledged any more and the broker has already requeued them. Iterate it once.
/// Messages are buffered without bound: limit them with `basic.qos` (a prefetch count).
package struct AMQPDeliveries: AsyncSequence, Sendable {
    /// An ``IncomingDelivery``.
    package typealias Element = IncomingDelivery
    /// An ``AMQPError``.
    package typealias Failure = AMQPError

    let reader: DeliveryReader

    init(_ feed: DeliveryFeed) { reader = DeliveryReader(feed) }

    /// The iterator.
    package struct AsyncIterator: AsyncIteratorProtocol {
        let reader: DeliveryReader

        /// The next delivery, `nil` at the end, or the error that ended the consumer.
        package mutating func next(isolation actor: isolated (any Actor)?) async throws(AMQPError) -> IncomingDelivery? {
            try await reader.feed.next()
        }

        /// The next delivery, `nil` at the end, or the error that ended the consumer.
        package mutating func next() async throws(AMQPError) -> IncomingDelivery? {
            try await reader.feed.next()
        }
    }

    /// A consumer's deliveries and the feed that fills them, for any source of
    /// deliveries in the package (``AMQPConnection``'s I/O thread, the in-memory broker).
    /// `onCancel` runs when the reader stops iterating (its task is cancelled or the
    /// sequence dropped) before the feed ended: the source cancels the consumer then.
    package static func makeFed(onCancel: @escaping @Sendable () -> Void) -> (AMQPDeliveries, DeliveryFeed) {
        let feed = DeliveryFeed()
        feed.onReaderStopped(onCancel)
        return (AMQPDeliveries(feed), feed)
    }

    /// An iterator over the deliveries.
    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(reader: reader)
    }

    /// Returns `true` once a delivery is buffered (take it with ``nextIfBuffered()``;
    /// another task may take it first), `false` at the end (or when the waiting task is
    /// cancelled: the consumer is then cancelled, as when an iteration is); throws the
    /// error that ended the consumer, as the iterator does. Several tasks may take
    /// deliveries at once; each delivery goes to one of them.
    package func waitForDelivery() async throws(AMQPError) -> Bool {
        try await reader.feed.waitForDelivery()
    }

    /// The next delivery if one is already buffered, without waiting; `nil` when none is
    /// (the end of the deliveries and their error are left to ``waitForDelivery()``).
    package func nextIfBuffered() -> IncomingDelivery? {
        reader.feed.takeBuffered()
    }
}
