/// Why ``MaxRetryHandler`` could not put a failed message anywhere: it throws this, and
/// the worker keeps the message and requeues it after a backoff
/// (``HutchClientSettings/requeueBackoff``) instead of nacking it.
public struct RetryFailure: Error, Sendable, CustomStringConvertible {
    /// What could not be done.
    public enum Step: Sendable, Equatable {
        /// Deciding the retry: Ruby's MaxRetry raises here (an `x-death` that is not an
        /// array of tables, a body it cannot parse), and no dead queue is configured.
        case decide
        /// Republishing the retry through the delay queues (`routingKey`), with no dead
        /// queue configured.
        case republish(routingKey: String)
        /// Publishing to the dead queue (`queue`).
        case deadQueue(queue: String)
    }

    /// The step that failed.
    public var step: Step
    /// The `message_id` of the failed delivery.
    public var messageID: String?
    /// The error of that step (an `AMQPError` for a nacked or refused publish, a
    /// `RubyException` for what Ruby raises).
    public var underlying: any Error

    /// Creates the error.
    public init(step: Step, messageID: String?, underlying: any Error) {
        self.step = step
        self.messageID = messageID
        self.underlying = underlying
    }

    public var description: String {
        let what: String
        switch step {
        case .decide: what = "cannot decide the retry (Ruby's MaxRetry raises here) and no dead queue is configured"
        case .republish(let routingKey): what = "the retry republish to \(routingKey) failed and no dead queue is configured"
        case .deadQueue(let queue): what = "the publish to the dead queue \(queue) failed"
        }
        return "message \(messageID ?? "without message_id"): \(what): \(underlying)"
    }
}
