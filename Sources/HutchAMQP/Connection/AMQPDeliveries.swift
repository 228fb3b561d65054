/// The deliveries of one consumer, in the order the broker sent them.
///
/// The sequence ends (`nil`) after ``AMQPConnection/cancel(consumerTag:on:)`` or a graceful
/// ``AMQPConnection/close()``, and throws the ``AMQPError`` that ended it when the broker
/// closes the channel or connection, or the connection is lost. Iterate it once. Messages
/// are buffered without bound: limit them with `basic.qos` (a prefetch count).
public struct AMQPDeliveries: AsyncSequence, Sendable {
    /// An ``IncomingDelivery``.
    public typealias Element = IncomingDelivery
    /// An ``AMQPError``.
    public typealias Failure = AMQPError

    let stream: AsyncThrowingStream<IncomingDelivery, any Error>

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<IncomingDelivery, any Error>.AsyncIterator

        /// The next delivery, `nil` at the end, or the error that ended the consumer.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(AMQPError) -> IncomingDelivery? {
            do {
                return try await base.next(isolation: actor)
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

    /// An iterator over the deliveries.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator())
    }
}
