/// The deliveries of one consumer, in the order the broker sent them.
///
/// The sequence ends (`nil`) after ``AMQPConnection/cancel(consumerTag:on:)`` or a graceful
/// ``AMQPConnection/close()``, and throws the ``AMQPError`` that ended it when the broker
/// closes the channel or connection, or the connection is lost. Deliveries still buffered
/// when their channel dies are dropped rather than handed out: they cannot be
/// acknowledged any more and the broker has already requeued them. Iterate it once.
/// Messages are buffered without bound: limit them with `basic.qos` (a prefetch count).
public struct AMQPDeliveries: AsyncSequence, Sendable {
    /// An ``IncomingDelivery``.
    public typealias Element = IncomingDelivery
    /// An ``AMQPError``.
    public typealias Failure = AMQPError

    let stream: AsyncThrowingStream<IncomingDelivery, any Error>
    let feed: DeliveryFeed

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<IncomingDelivery, any Error>.AsyncIterator
        let feed: DeliveryFeed

        /// The next delivery, `nil` at the end, or the error that ended the consumer.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(AMQPError) -> IncomingDelivery? {
            do {
                let delivery = try await base.next(isolation: actor)
                // A delivery buffered before its channel died cannot be acknowledged any
                // more (the broker has requeued it): report the failure instead.
                if delivery != nil, let failure = feed.deadChannelError { throw failure }
                return delivery
            } catch let error as AMQPError {
                throw error
            } catch {
                throw AMQPError(code: .libraryFailure, operation: .receive, detail: "\(error)")
            }
        }

        /// The next delivery, `nil` at the end, or the error that ended the consumer.
        public mutating func next() async throws(AMQPError) -> IncomingDelivery? {
            try await next(isolation: nil)
        }
    }

    /// A consumer's deliveries and the feed that fills them, for any source of
    /// deliveries in the package (``AMQPConnection``'s I/O thread, the in-memory broker).
    /// `onCancel` runs when the reader stops iterating (its task is cancelled or the
    /// sequence dropped) before the feed ended: the source cancels the consumer then.
    package static func makeFed(onCancel: @escaping @Sendable () -> Void) -> (AMQPDeliveries, DeliveryFeed) {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: IncomingDelivery.self, throwing: (any Error).self)
        continuation.onTermination = { termination in
            guard case .cancelled = termination else { return }
            onCancel()
        }
        let feed = DeliveryFeed(continuation)
        return (AMQPDeliveries(stream: stream, feed: feed), feed)
    }

    /// An iterator over the deliveries.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), feed: feed)
    }
}
