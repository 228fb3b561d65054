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
/// Deliberate differences from Ruby: the republish waits for the broker's confirm, and
/// the worker nacks only afterwards, so a crash in between duplicates the message
/// instead of losing it (Ruby nacks first); when Ruby's MaxRetry would raise (a body it
/// cannot parse, an odd `x-death`), this handler logs and dead-queues (when configured)
/// instead.
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

    /// The handler for `settings`.
    public init(settings: HutchClientSettings, environment: PublishEnvironment = .system, logger: Logger = Logger(label: "hutch.retry")) {
        self.counting = settings.retryCounting
        self.deadQueue = settings.deadQueue ? DeadQueue(exchange: settings.topology.mqExchange) : nil
        self.configuration = settings.publisherConfiguration
        self.environment = environment
        self.logger = logger
    }

    public func handle(_ failure: FailedDelivery, publisher: Publisher) async throws {
        let metadata = Self.metadata(failure)
        if failure.undecodable {
            try await deadLetter(failure, reason: "undecodable", publisher: publisher)
            return
        }
        guard let message = try retryMessage(failure) else {
            logger.notice("attempts used up", metadata: metadata)
            try await deadLetter(failure, reason: "attempts used up", publisher: publisher)
            return
        }
        try await publisher.send(message, confirm: true)
        logger.info("retrying through \(message.routingKey)", metadata: metadata)
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
        try await publisher.send(message, confirm: true)
        logger.warning("sent to \(deadQueue.queueName) (\(reason))", metadata: Self.metadata(failure))
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
            "attempts": "\(failure.consumer.attempts)",
        ]
    }
}
