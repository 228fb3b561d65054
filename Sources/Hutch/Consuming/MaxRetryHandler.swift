import HutchAMQP
import HutchConventions
import Logging

/// hutch-schedule 0.7's `Hutch::ErrorHandlers::MaxRetry`, plus the Go port's dead queue.
///
/// While attempts remain (`failure count + 1 <= attempts`), the message is republished
/// through the delay queues with hutch-schedule's `enqueue_in((attempt - 1)**4 + 2, …)`:
/// the body decoded and written again, a new `message_id`, the delivered headers (so
/// `x-death` keeps counting), `CC` the consumer's last routing key. With
/// ``RetryCounting/xDeath`` the republished message is exactly Ruby's; with
/// ``RetryCounting/counterHeader(_:)`` the counter header is set to the new count.
///
/// After the last attempt the message is dropped, as in Hutch (the worker nacks it), or,
/// with ``HutchClientSettings/deadQueue``, published to `<exchange>_dead_queue` with
/// routing key `dead_queue.<original routing key>` (the `CC` key when the message came
/// through a delay queue). Undecodable deliveries are never retried; they are
/// dead-queued when configured.
///
/// A message is never lost because this handler failed. When the retry cannot be made —
/// Ruby's MaxRetry raises (an `x-death` that is not an array of tables, a body it cannot
/// parse), or the republish fails (the broker nacks it, e.g. a delay queue with
/// `x-overflow: reject-publish`; the confirm times out; 404 for a missing schedule
/// exchange; 403) — the message is dead-queued when a dead queue is configured.
/// Otherwise, or when the dead-queue publish fails too, the handler throws
/// ``RetryFailure`` and the worker keeps the message and requeues it after a backoff
/// (``HutchClientSettings/requeueBackoff``), logging it at error level. A message whose
/// `x-death` Ruby cannot read therefore comes back again and again (at most every 30 s
/// by default) until a dead queue is configured or the message is removed by hand; Ruby
/// Hutch would have lost it.
///
/// Deliberate differences from Ruby: the republish waits for the broker's confirm, and
/// the worker nacks only afterwards, so a crash in between duplicates the message
/// instead of losing it (Ruby nacks first); where Ruby's MaxRetry raises, this handler
/// logs and keeps the message as above.
public struct MaxRetryHandler: FailureHandler {
    /// How failures are counted.
    public var counting: RetryCounting
    /// The dead queue, or `nil` to drop messages after the last attempt.
    public var deadQueue: DeadQueue?
    /// The publisher settings of the main exchange.
    public var configuration: PublisherConfiguration
    /// Timestamps and message ids of the republished messages.
    public var environment: PublishEnvironment
    /// Where retries and drops are logged.
    public var logger: Logger
    /// Counts retries and dead-queued messages (``HutchClientSettings/observability``).
    let metrics: HutchMetrics

    /// The handler for `settings`.
    public init(settings: HutchClientSettings, environment: PublishEnvironment = .system, logger: Logger = Logger(label: "hutch.retry")) {
        self.counting = settings.retryCounting
        self.deadQueue = settings.deadQueue ? DeadQueue(exchange: settings.topology.mqExchange) : nil
        self.configuration = settings.publisherConfiguration
        self.environment = environment
        self.logger = logger
        self.metrics = HutchMetrics(settings.observability)
    }

    /// Retries, dead-queues or drops the failed message (see the type's documentation).
    ///
    /// - Throws: ``RetryFailure`` when the message was neither retried nor dead-queued nor
    ///   dropped on purpose: the worker must keep it.
    public func handle(_ failure: FailedDelivery, publisher: Publisher) async throws {
        let metadata = Self.metadata(failure)
        if failure.undecodable {
            try await deadLetter(failure, reason: "undecodable", publisher: publisher)
            return
        }
        let retry: OutgoingMessage?
        do {
            retry = try retryMessage(failure)
        } catch {
            guard deadQueue != nil else {
                throw RetryFailure(step: .decide, messageID: failure.delivery.properties.messageID, underlying: error)
            }
            logger.error("cannot decide the retry (Ruby's MaxRetry raises here)", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            try await deadLetter(failure, reason: "cannot decide the retry: \(error)", publisher: publisher)
            return
        }
        guard let message = retry else {
            logger.notice("attempts used up", metadata: metadata)
            try await deadLetter(failure, reason: "attempts used up", publisher: publisher)
            return
        }
        do {
            try await publisher.send(message, confirm: true)
        } catch {
            guard deadQueue != nil else {
                throw RetryFailure(
                    step: .republish(routingKey: message.routingKey), messageID: failure.delivery.properties.messageID,
                    underlying: error)
            }
            logger.error("the retry republish to \(message.routingKey) failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            try await deadLetter(failure, reason: "the retry republish failed: \(error)", publisher: publisher)
            return
        }
        logger.info("retrying through \(message.routingKey)", metadata: metadata)
        metrics.increment(.retried, for: failure)
    }

    /// The retry to republish, or `nil` when no attempt remains.
    public func retryMessage(_ failure: FailedDelivery) throws -> OutgoingMessage? {
        let consumer = failure.consumer
        let headers = failure.delivery.properties.headers
        let enqueue = HutchEnqueue(consumer: consumer, configuration: configuration)
        switch counting {
        case .xDeath:
            let decision = MaxRetry.decide(headers: headers, consumer: consumer, payload: failure.delivery.body)
            if let error = decision.raisedError { throw error }
            guard decision.retried, let republish = decision.republish else { return nil }
            return try republish.message(using: enqueue, environment: environment)
        case .counterHeader(let header):
            let count = failure.failureCount
            guard count + 1 <= max(consumer.attempts, 0) else { return nil }
            let body = Result { () throws(RubyException) -> JSONValue in try MultiJSON.load(failure.delivery.body) }
            let republish = RetryDecision.Republish(
                headers: header.headersForRetry(headers, failureCount: count).rubyHash, body: body,
                delaySeconds: MaxRetry.retryDelay(executes: count))
            return try republish.message(using: enqueue, environment: environment)
        }
    }

    private func deadLetter(_ failure: FailedDelivery, reason: String, publisher: Publisher) async throws {
        guard let deadQueue else {
            logger.warning("dropping message (\(reason))", metadata: Self.metadata(failure))
            return
        }
        let message = deadQueue.message(for: failure.coreDelivery, originalRoutingKey: originalRoutingKey(failure))
        do {
            try await publisher.send(message, confirm: true)
        } catch {
            throw RetryFailure(
                step: .deadQueue(queue: deadQueue.queueName), messageID: failure.delivery.properties.messageID, underlying: error)
        }
        logger.warning("sent to \(deadQueue.queueName) (\(reason))", metadata: Self.metadata(failure))
        metrics.increment(.deadQueued, for: failure)
    }

    /// The routing key the message was first published with: after a delay queue the
    /// delivery's key is `<exchange>.schedule.<N>s` and the original is the `CC` header.
    func originalRoutingKey(_ failure: FailedDelivery) -> String {
        let routingKey = failure.delivery.routingKey
        guard routingKey.hasPrefix(DelayLevel.scheduleExchange(for: configuration.exchange) + ".") else { return routingKey }
        if case .array(let keys)? = failure.delivery.properties.headers?.rubyLookup("CC"),
            let first = keys.first?.stringValue
        {
            return first
        }
        return failure.consumer.routingKeys.last ?? routingKey
    }

    static func metadata(_ failure: FailedDelivery) -> Logger.Metadata {
        [
            "consumer": "\(failure.consumer.className)", "message_id": "\(failure.delivery.properties.messageID ?? "none")",
            "routing_key": "\(failure.delivery.routingKey)", "failure_count": "\(failure.failureCount)",
            "attempts": "\(failure.consumer.attempts)"
        ]
    }
}
