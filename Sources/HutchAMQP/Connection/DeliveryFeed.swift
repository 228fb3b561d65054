import Synchronization

/// One consumer's deliveries on their way from the I/O thread to its
/// ``AMQPDeliveries``.
///
/// When the consumer's channel (or the whole connection) dies, deliveries still
/// buffered for the reader can no longer be acknowledged — the broker has already
/// put them back in their queue — so the feed remembers the failure and the reader
/// gets the error at once instead of handling messages that will come again.
/// A consumer that ends while its channel lives (cancelled by the client or the
/// broker) keeps its buffered deliveries: they can still be acknowledged.
///
/// `package` so that another source of deliveries in the package (the in-memory broker
/// of `HutchTesting`) feeds an ``AMQPDeliveries`` the same way; make one with
/// ``AMQPDeliveries/makeFed(onCancel:)``.
package final class DeliveryFeed: Sendable {
    private let continuation: AsyncThrowingStream<IncomingDelivery, any Error>.Continuation
    private let channelFailure = Mutex<AMQPError?>(nil)

    init(_ continuation: AsyncThrowingStream<IncomingDelivery, any Error>.Continuation) {
        self.continuation = continuation
    }

    /// Hands a delivery to the reader.
    package func yield(_ delivery: IncomingDelivery) { continuation.yield(delivery) }

    /// Ends the deliveries normally; buffered ones are still read.
    package func finish() { continuation.finish() }

    /// Ends the deliveries with `error` while the channel lives; buffered ones are still read.
    package func finish(throwing error: AMQPError) { continuation.finish(throwing: error) }

    /// Ends the deliveries because their channel died: buffered ones are dropped.
    package func channelDied(_ error: AMQPError) {
        channelFailure.withLock { $0 = error }
        continuation.finish(throwing: error)
    }

    /// Why the channel died, once it has.
    package var deadChannelError: AMQPError? { channelFailure.withLock { $0 } }
}
