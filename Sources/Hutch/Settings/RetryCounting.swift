import HutchConventions

/// How the worker counts a message's earlier failures, which decides whether
/// ``MaxRetryHandler`` retries it again and what ``ReceivedMessage/failureCount`` shows.
///
/// ## The RabbitMQ 3.13 hazard
///
/// hutch-schedule's MaxRetry counts failures from the `x-death` header and republishes
/// the message *with* that header. Up to RabbitMQ 3.12 the broker merges a published
/// `x-death` with its own, so the count rises on every retry. From RabbitMQ 3.13 the
/// broker no longer interprets an `x-death` header published by a client: each retry
/// starts a fresh `x-death` with count 1, so the count stops rising and a consumer with
/// `attempts` ≥ 2 retries forever (3.13.0–3.13.2 and 4.x; Ruby services have the same
/// problem). The worker logs a warning at startup when the broker is 3.13 or later and
/// ``xDeath`` counting is used.
public enum RetryCounting: Sendable, Equatable {
    /// hutch-schedule 0.7's rule (`MaxRetry.failureCount(headers:routingKeys:)`): the
    /// sum of the `x-death` counts whose routing keys meet the consumer's. Byte for
    /// byte what a Ruby worker does, and the default; broken on RabbitMQ ≥ 3.13 (see above).
    case xDeath
    /// A counter header the Swift side owns (`RetryCountHeader`, default
    /// `x-hutch-retry-count`), incremented on every retry it republishes, falling back to
    /// Ruby's `x-death` count when absent — so messages first retried by Ruby keep their
    /// count. Works on every broker version. Not what Ruby does: a Ruby worker ignores
    /// the header and keeps counting `x-death`.
    case counterHeader(RetryCountHeader)

    /// Earlier failures of a message delivered with `headers` to a consumer bound with
    /// `routingKeys`; 0 where Ruby's count would raise (odd `x-death` shapes).
    public func failureCount(headers: FieldTable?, routingKeys: [String]) -> Int {
        switch self {
        case .xDeath:
            guard let count = try? MaxRetry.failureCount(headers: headers, routingKeys: routingKeys),
                let value = count.intValue
            else { return 0 }
            return max(value, 0)
        case .counterHeader(let header):
            return header.failureCount(headers: headers, routingKeys: routingKeys)
        }
    }
}
