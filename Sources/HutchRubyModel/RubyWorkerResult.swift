import HutchConventions

/// Everything the worker model says about one delivery: the message the consumer
/// saw, the frames sent, what the broker did, and where any exception went.
package struct RubyWorkerResult: Sendable, Equatable {
    /// `Hutch::Message.new`'s result: the message, or what building it raised.
    package var message: Result<RubyMessage, RubyException>
    /// What happened to the delivery (decided by the first acknowledgement frame).
    package var outcome: RubyDeliveryOutcome
    /// Every `basic.ack` / `basic.nack` / `basic.reject` sent for the delivery, in order.
    package var acknowledgements: [RubyAcknowledgement]
    /// The `channel.close` the broker sent in answer, if any (406 for a second acknowledgement).
    package var serverClose: [Close]
    /// The first exception: from building the message, from the handler, or from
    /// hutch-schedule's worker calling a Threshold method the consumer lacks.
    package var error: RubyException?
    /// Where ``error`` went.
    package var errorSurface: RubyErrorSurface?
    /// The configured error handlers that ran, in order (only after a rescued error).
    package var errorHandlers: [RubyErrorHandlerRun]
    /// An exception an error handler raised; it escaped to bunny's consumer work pool
    /// after the nack had been sent, and stopped the remaining handlers.
    package var errorHandlerError: RubyException?

    /// Creates a result.
    package init(
        message: Result<RubyMessage, RubyException>, outcome: RubyDeliveryOutcome,
        acknowledgements: [RubyAcknowledgement], serverClose: [Close], error: RubyException?,
        errorSurface: RubyErrorSurface?, errorHandlers: [RubyErrorHandlerRun], errorHandlerError: RubyException?
    ) {
        self.message = message
        self.outcome = outcome
        self.acknowledgements = acknowledgements
        self.serverClose = serverClose
        self.error = error
        self.errorSurface = errorSurface
        self.errorHandlers = errorHandlers
        self.errorHandlerError = errorHandlerError
    }

    /// The message, when Hutch could build it.
    package var builtMessage: RubyMessage? {
        if case .success(let message) = message { return message }
        return nil
    }

    /// The message the consumer's `#process` received: `nil` when building it raised,
    /// and when hutch-schedule's worker failed in its thread pool before calling the
    /// handler (a consumer without `Hutch::Enqueue`: the message is built, never handled).
    package var handledMessage: RubyMessage? {
        errorSurface == .scheduleWorkerPool ? nil : builtMessage
    }

    /// The exception Ruby makes visible — to the error handlers, or to bunny's
    /// uncaught-exception handler. `nil` when hutch-schedule's thread pool swallowed it.
    package var reportedError: RubyException? {
        errorSurface == .scheduleWorkerPool ? nil : error
    }

    /// MaxRetry's decision, when it ran and decided.
    package var retryDecision: RetryDecision? {
        for run in errorHandlers {
            if case .maxRetry(let decision) = run { return decision }
        }
        return nil
    }
}
