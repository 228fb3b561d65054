/// hutch-schedule 0.7.3's `Hutch::ErrorHandlers::MaxRetry`: after a consumer raised,
/// count the earlier failures from `x-death`, and republish the message through a
/// delay queue while attempts remain.
///
/// Only the decision is modelled here; the republished message is hutch-schedule's
/// `enqueue_in` envelope built from ``RetryDecision/Republish``.
public enum MaxRetry {
    /// `retry_delay(executes)`: `executes ** 4 + 2` seconds (2, 3, 18, 83, 258, …).
    public static func retryDelay(executes: RubyNumeric) -> RubyNumeric {
        executes.fourthPower().adding(.int(2))
    }

    /// `retry_delay` for a whole number of earlier executions.
    public static func retryDelay(executes: Int) -> RubyNumeric {
        retryDelay(executes: .int(Int64(executes)))
    }

    /// The decision `MaxRetry#handle` makes for a consumer that includes
    /// `Hutch::Enqueue` (for one that does not, it returns before deciding).
    ///
    /// - Parameters:
    ///   - headers: the delivered `headers` property, `nil` when absent.
    ///   - consumer: the consumer's routing keys and `attempts`.
    ///   - payload: the delivered body, decoded again with `MultiJson.decode` for the republish.
    public static func decide(headers: FieldTable?, consumer: ConsumerDefinition, payload: [UInt8]) -> RetryDecision {
        let maxAttempts = max(consumer.attempts, 0)
        let count: RubyNumeric
        do {
            count = try failureCount(headers: headers, routingKeys: consumer.routingKeys)
        } catch {
            return RetryDecision(
                failureCount: nil, attempt: nil, maxAttempts: maxAttempts, retried: false,
                delaySeconds: nil, level: nil, failureCountError: error)
        }
        let attempt = count.adding(.int(1))
        guard attempt.isAtMost(maxAttempts) else {
            return RetryDecision(
                failureCount: count, attempt: attempt, maxAttempts: maxAttempts, retried: false,
                delaySeconds: nil, level: nil)
        }
        let delay = retryDelay(executes: attempt.adding(.int(-1)))
        let body: Result<JSONValue, RubyException> = Result { () throws(RubyException) in try MultiJSON.load(payload) }
        return RetryDecision(
            failureCount: count, attempt: attempt, maxAttempts: maxAttempts, retried: true,
            delaySeconds: delay, level: DelayLevel(forInterval: delay.doubleValue),
            republish: .init(headers: (headers ?? FieldTable()).rubyHash, body: body, delaySeconds: delay))
    }
}
