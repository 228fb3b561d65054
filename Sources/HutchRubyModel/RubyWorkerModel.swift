import HutchConventions

/// What Hutch's worker does with one delivery, per version profile: the plain
/// `Hutch::Worker#handle_message`, or hutch-schedule 0.7.3's patched worker.
///
/// Plain Hutch builds the message and runs the handler inside one `rescue`: success
/// acks (from 1.2.0 not after `requeue!` / `reject!`), any `StandardError` — an
/// undecodable body included — is nacked (`NackOnAllFailures`) and then the
/// configured error handlers run in order.
///
/// hutch-schedule's worker builds the message first, outside any rescue (an
/// undecodable body is never acknowledged), asks the consumer's Threshold whether it
/// is rate-limited, then runs the handler in its thread pool and acks
/// unconditionally afterwards — also after `requeue!` / `reject!`, which makes the
/// broker close the channel. Handler errors are nacked and passed to the error
/// handlers as in plain Hutch.
///
/// Not modelled: custom `error_acknowledgements` (the chain before the final nack),
/// rate limits configured with `threshold`, and a disconnected worker.
package struct RubyWorkerModel: Sendable, Equatable {
    /// The Ruby side.
    package var profile: VersionProfile
    /// `Hutch::Config[:error_handlers]`, in order.
    package var errorHandlers: [RubyErrorHandler]
    /// `Hutch::Config[:serializer]`, used when the consumer names none.
    package var defaultSerializer: Serializer
    /// `Hutch::Schedule.connect` ran, so hutch-schedule has a publisher. Without it
    /// MaxRetry's `enqueue_in` raises `NoMethodError` (`publish` on `nil`) and
    /// republishes nothing.
    package var scheduleConnected: Bool

    /// Creates a worker model.
    package init(
        profile: VersionProfile, errorHandlers: [RubyErrorHandler] = RubyErrorHandler.defaults, defaultSerializer: Serializer = .json,
        scheduleConnected: Bool = true
    ) {
        self.profile = profile
        self.errorHandlers = errorHandlers
        self.defaultSerializer = defaultSerializer
        self.scheduleConnected = scheduleConnected
    }

    /// Handles one delivery for `consumer` whose handler behaves as `handler`.
    package func handle(_ delivery: Delivery, consumer: RubyConsumerClass, handler: RubyHandlerBehaviour) -> RubyWorkerResult {
        let tag = delivery.deliveryTag
        let serializer = consumer.definition.serializer ?? defaultSerializer
        let message = Result { () throws(RubyException) in try RubyMessage(delivery: delivery, serializer: serializer) }
        var frames: [RubyAcknowledgement] = []

        if profile.usesScheduleWorker {
            if case .failure(let error) = message {
                return finish(message, frames, error: error, surface: .bunnyConsumerWorkPool, tag: tag)
            }
            if profile.workerRequiresEnqueueConsumers && !consumer.includesEnqueue {
                let error = RubyException.noMethod("ratelimit_exceeded?", receiver: consumer.definition.className + ":Class")
                return finish(message, frames, error: error, surface: .scheduleWorkerPool, tag: tag)
            }
        }

        // Inside the worker's `rescue => ex`.
        var rejected = false
        let failure: RubyException?
        switch message {
        case .failure(let error):
            failure = error  // building the message raised; the handler never ran
        case .success:
            for call in handler.calls {
                frames.append(call == .requeue ? .hutchRequeue(tag) : .hutchReject(tag))
                rejected = true
            }
            failure = handler.raises.map { RubyException(className: $0, message: "raised by the consumer") }
        }
        guard let failure else {
            if !rejected || profile.workerAcksAfterRequeueOrReject {
                frames.append(.hutchAck(tag))
            }
            return finish(message, frames, error: nil, surface: nil, tag: tag)
        }

        frames.append(.hutchNack(tag))
        var runs: [RubyErrorHandlerRun] = []
        var escaped: RubyException?
        for errorHandler in errorHandlers {
            switch errorHandler {
            case .logger:
                runs.append(.logged)
            case .other(let name):
                runs.append(.other(name))
            case .maxRetry:
                guard consumer.includesEnqueue else {
                    runs.append(.maxRetrySkipped)
                    continue
                }
                var decision = MaxRetry.decide(
                    headers: delivery.properties.headers, consumer: consumer.definition, payload: delivery.body)
                if !scheduleConnected && decision.retried && decision.raisedError == nil {
                    decision.enqueueError = RubyException.noMethod("publish", receiver: "nil:NilClass")
                }
                runs.append(.maxRetry(decision))
                escaped = decision.raisedError
            }
            if escaped != nil { break }
        }
        var result = finish(message, frames, error: failure, surface: .rescuedByWorker, tag: tag)
        result.errorHandlers = runs
        result.errorHandlerError = escaped
        return result
    }

    private func finish(
        _ message: Result<RubyMessage, RubyException>, _ frames: [RubyAcknowledgement], error: RubyException?,
        surface: RubyErrorSurface?, tag: UInt64
    ) -> RubyWorkerResult {
        var channel = ChannelAcknowledgementModel(outstanding: [tag])
        let closes = frames.compactMap { channel.receive($0) }
        return RubyWorkerResult(
            message: message, outcome: frames.first?.outcome ?? .none, acknowledgements: frames,
            serverClose: closes, error: error, errorSurface: surface, errorHandlers: [], errorHandlerError: nil)
    }
}
