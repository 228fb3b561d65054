import HutchConventions

/// What one configured error handler did for a failed delivery.
package enum RubyErrorHandlerRun: Sendable, Equatable {
    /// `Hutch::ErrorHandlers::Logger` logged the error.
    case logged
    /// MaxRetry returned at once: the consumer does not include `Hutch::Enqueue`.
    case maxRetrySkipped
    /// MaxRetry counted the failures and decided; when the decision holds an error, the
    /// handler raised it and it escaped the worker (no later handler ran).
    case maxRetry(RetryDecision)
    /// Another handler ran, with no modelled effect.
    case other(String)
}
