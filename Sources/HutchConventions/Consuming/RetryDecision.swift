/// What hutch-schedule 0.7.3's `Hutch::ErrorHandlers::MaxRetry#handle` decided for one
/// failed delivery of a consumer that includes `Hutch::Enqueue`.
///
/// The republished message itself (hutch-schedule's `enqueue_in` envelope) is composed
/// elsewhere from ``Republish``; this value holds the decision and its inputs.
public struct RetryDecision: Sendable, Equatable {
    /// What `enqueue_in` is called with when MaxRetry retries.
    public struct Republish: Sendable, Equatable {
        /// The delivered headers as Ruby holds them (`properties[:headers] || {}`, a Hash:
        /// duplicate keys collapsed, see `FieldTable.rubyHash`), passed as `{headers: …}`.
        public var headers: FieldTable
        /// `MultiJson.decode(payload)`: the body as a plain Ruby Hash (or whatever JSON
        /// value it is), or the `MultiJson::ParseError` MaxRetry raises there.
        public var body: Result<JSONValue, RubyException>
        /// The delay `enqueue_in` is given (rounded up to ``level`` by hutch-schedule).
        public var delaySeconds: RubyNumeric

        /// Creates the inputs.
        public init(headers: FieldTable, body: Result<JSONValue, RubyException>, delaySeconds: RubyNumeric) {
            self.headers = headers
            self.body = body
            self.delaySeconds = delaySeconds
        }
    }

    /// `failure_count(headers, consumer)`, or `nil` when counting raised.
    public var failureCount: RubyNumeric?
    /// `failure_count + 1`, the attempt that just failed; `nil` when counting raised.
    public var attempt: RubyNumeric?
    /// `consumer.max_attempts`: `attempts(n)` stores `max(n, 0)`; 0 when never called.
    public var maxAttempts: Int
    /// `attempt <= max_attempts`: MaxRetry republishes through a delay queue.
    public var retried: Bool
    /// `(attempt - 1) ** 4 + 2` when retried, else `nil`.
    public var delaySeconds: RubyNumeric?
    /// The hutch-schedule delay level `delaySeconds` lands on, when retried.
    public var level: DelayLevel?
    /// What `failure_count` raised (odd `x-death` shapes), which escapes the worker.
    public var failureCountError: RubyException?
    /// The inputs of the republish, when retried.
    public var republish: Republish?
    /// What `enqueue_in` raised before publishing anything: without
    /// `Hutch::Schedule.connect`, hutch-schedule's publisher is `nil` and `publish` on
    /// it is a `NoMethodError`. Nothing is republished.
    public var enqueueError: RubyException?

    /// Creates a decision.
    public init(
        failureCount: RubyNumeric?, attempt: RubyNumeric?, maxAttempts: Int, retried: Bool,
        delaySeconds: RubyNumeric?, level: DelayLevel?, failureCountError: RubyException? = nil,
        republish: Republish? = nil
    ) {
        self.failureCount = failureCount
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.retried = retried
        self.delaySeconds = delaySeconds
        self.level = level
        self.failureCountError = failureCountError
        self.republish = republish
    }

    /// The exception MaxRetry raised, if any: the counting error, the
    /// `MultiJson::ParseError` from decoding the payload for the republish, or
    /// ``enqueueError``. Raised
    /// inside the worker's rescue clause, it escapes to bunny's consumer work pool and
    /// no later error handler runs.
    public var raisedError: RubyException? {
        if let failureCountError { return failureCountError }
        if case .failure(let error)? = republish?.body { return error }
        return enqueueError
    }
}
