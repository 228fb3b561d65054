import HutchAMQP
import HutchConventions

/// A delivery whose handler threw (or that could not be decoded), as error handlers and
/// acknowledgement handlers see it — Ruby's `(delivery_info, properties, payload, consumer, ex)`.
public struct FailedDelivery: Sendable {
    /// What arrived.
    public var delivery: IncomingDelivery
    /// The consumer it was for.
    public var consumer: ConsumerDefinition
    /// What the handler threw, or the decoding error.
    public var error: any Error
    /// Whether the body could not be decoded (the handler never ran).
    public var undecodable: Bool
    /// Earlier failures (``HutchClientSettings/retryCounting``), not counting this one.
    public var failureCount: Int

    /// Creates the value.
    public init(delivery: IncomingDelivery, consumer: ConsumerDefinition, error: any Error, undecodable: Bool, failureCount: Int) {
        self.delivery = delivery
        self.consumer = consumer
        self.error = error
        self.undecodable = undecodable
        self.failureCount = failureCount
    }

    /// The delivery as the core's conventions see it.
    public var coreDelivery: Delivery {
        Delivery(
            deliver: BasicDeliver(
                consumerTag: delivery.consumerTag, deliveryTag: delivery.deliveryTag, redelivered: delivery.redelivered,
                exchange: delivery.exchange, routingKey: delivery.routingKey),
            properties: delivery.properties, body: delivery.body)
    }
}

/// How a failed delivery is settled; Hutch's `error_acknowledgements` chain picks one,
/// else the worker nacks (`basic.nack` requeue false, as Hutch's `Broker#nack`).
public enum FailureAcknowledgement: Sendable, Equatable {
    /// `basic.ack`.
    case ack
    /// `basic.nack`, requeue false.
    case nack
    /// `basic.reject`, requeue false.
    case reject
    /// `basic.reject`, requeue true.
    case requeue
}

/// One link of Hutch's `error_acknowledgements` chain: the first handler returning a
/// decision settles the delivery (even when a ``FailureHandler`` threw); when none does,
/// the worker nacks it — or, when a failure handler threw, keeps it and requeues it after
/// ``HutchClientSettings/requeueBackoff``.
public protocol AcknowledgementHandler: Sendable {
    /// The decision for `failure`, or `nil` to let the next handler decide.
    func acknowledge(_ failure: FailedDelivery) async -> FailureAcknowledgement?
}

/// One of Hutch's `error_handlers`: told about every failure (Hutch's Logger, Sentry,
/// hutch-schedule's MaxRetry). Errors it throws are logged and do not stop the others.
///
/// Throw when the message is not safe to drop (as ``MaxRetryHandler`` does when neither
/// the retry nor the dead-queue publish happened): unless the acknowledgement chain
/// decides, the worker then keeps the message and requeues it after
/// ``HutchClientSettings/requeueBackoff`` instead of nacking it. A handler that only
/// reports (logging, error tracking) should not throw for its own failures.
public protocol FailureHandler: Sendable {
    /// Handles `failure`; `publisher` republishes (retries, dead messages).
    func handle(_ failure: FailedDelivery, publisher: Publisher) async throws
}
