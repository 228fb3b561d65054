import HutchAMQP
import HutchConventions
import Logging

extension Worker {
    /// Runs the handler for one delivery and settles it.
    func handle(_ delivery: IncomingDelivery, registration: ConsumerRegistration, amqp: any AMQPTransport, handlers: RunningHandlers) async
    {
        let definition = registration.definition
        let series = observability.consumed(delivery, consumer: definition)
        let settler = Settler(amqp: amqp, handlers: handlers, series: series)
        let failureCount = connection.settings.retryCounting.failureCount(
            headers: delivery.properties.headers, routingKeys: definition.routingKeys)
        let disposition = DispositionBox()
        let trace = observability.consumerSpanHolder()
        do {
            try await observability.handling(delivery, consumer: definition, series: series, trace: trace) {
                let context = HandlerContext(
                    consumer: definition.className, routingKey: delivery.routingKey, exchange: delivery.exchange,
                    properties: delivery.properties, redelivered: delivery.redelivered, failureCount: failureCount,
                    logger: loggerForHandling, publisher: publisher)
                try await registration.run(delivery, failureCount, disposition, connection.settings.serializer, context)
            }
            await settle(delivery, settler, disposition.value.map(Self.acknowledgement) ?? .ack)
        } catch {
            if let choice = disposition.value {
                log(delivery, definition, "handler failed after settling the message itself", error: error)
                await settle(delivery, settler, Self.acknowledgement(choice))
                return
            }
            if Task.isCancelled {
                // Cancelled at the graceful-exit deadline: left unacknowledged, redelivered.
                log(delivery, definition, "handler cancelled; leaving the message to be redelivered", error: error)
                return
            }
            let undecodable = error is UndecodableBody
            log(delivery, definition, undecodable ? "cannot decode message" : "handler failed", error: error)
            let failure = FailedDelivery(
                delivery: delivery, consumer: definition, error: error, undecodable: undecodable, failureCount: failureCount)
            // Retries and dead-queued copies continue the consumer span's trace.
            await observability.continuing(trace) { await fail(failure, settler: settler) }
        }
    }

    /// Hutch's `handle_error` (error handlers) and `acknowledge_error` (the chain, else
    /// nack) — except that when a failure handler failed and the chain does not decide,
    /// the message is kept and requeued after a backoff instead of being nacked into
    /// nothing (the retry or dead-queue republish did not happen).
    private func fail(_ failure: FailedDelivery, settler: Settler) async {
        var failedHandlers: [String] = []
        for handler in failureHandlersList {
            do {
                try await handler.handle(failure, publisher: publisher)
            } catch {
                log(failure.delivery, failure.consumer, "error handler \(type(of: handler)) failed", error: error)
                failedHandlers.append("\(type(of: handler))")
            }
        }
        for handler in acknowledgementHandlersList {
            if let chosen = await handler.acknowledge(failure) {
                await settle(failure.delivery, settler, chosen)
                return
            }
        }
        guard !failedHandlers.isEmpty else {
            failureStreaks.reset(failure.consumer.className)
            await settle(failure.delivery, settler, .nack)
            return
        }
        await requeueAfterBackoff(failure, failedHandlers: failedHandlers, settler: settler)
    }

    /// Keeps the message for ``HutchClientSettings/requeueBackoff`` (the consumer's n-th
    /// failed failure handling in a row), then requeues it; a stop requeues it at once.
    private func requeueAfterBackoff(_ failure: FailedDelivery, failedHandlers: [String], settler: Settler) async {
        let streak = failureStreaks.record(failure.consumer.className)
        let delay = connection.settings.requeueBackoff.delay(attempt: streak - 1)
        loggerForHandling.error(
            "keeping the message: requeueing it after a backoff, because a failure handler failed",
            metadata: [
                "consumer": "\(failure.consumer.className)", "message_id": "\(failure.delivery.properties.messageID ?? "none")",
                "routing_key": "\(failure.delivery.routingKey)", "failed_handlers": "\(failedHandlers.joined(separator: ", "))",
                "delay": "\(delay)", "failures_in_a_row": "\(streak)"
            ])
        // Cancelled (abandoned at the graceful-exit deadline): the settle below is refused
        // and the closed channel requeues the message.
        _ = try? await signals.unlessStopped { try await Task.sleep(for: delay) }
        await settle(failure.delivery, settler, .requeue)
    }

    /// What settling a delivery needs besides the delivery: where it came from and whether
    /// its handler may still settle it (see ``RunningHandlers``). The delivery is passed
    /// along, not kept here: a copy of it retains and releases each of its strings and arrays.
    struct Settler {
        let amqp: any AMQPTransport
        let handlers: RunningHandlers
        /// The delivery's metric series (`nil` with metrics off).
        let series: DeliverySeries?
    }

    private func settle(_ delivery: IncomingDelivery, _ settler: Settler, _ decision: FailureAcknowledgement) async {
        let deliveryTag = delivery.deliveryTag
        guard settler.handlers.maySettle else {
            loggerForHandling.debug("not settling delivery \(deliveryTag): its handler was abandoned, the broker requeues it")
            return
        }
        do throws(AMQPError) {
            switch decision {
            case .ack:
                // Queued in order on the I/O thread, not awaited: the handler's slot is free
                // at once, and the channel's close (after the handlers) still follows the ack.
                settler.amqp.queueAck(delivery) { [logger = loggerForHandling] error in
                    logger.debug("could not settle delivery \(deliveryTag): \(error)")
                }
            case .nack: try await settler.amqp.nack(delivery, requeue: false)
            case .reject: try await settler.amqp.reject(delivery, requeue: false)
            case .requeue: try await settler.amqp.reject(delivery, requeue: true)
            }
            observability.settled(settler.series, decision)
        } catch {
            // The channel or connection is gone: the broker redelivers the message.
            loggerForHandling.debug("could not settle delivery \(deliveryTag): \(error)")
        }
    }

    private static func acknowledgement(_ choice: DispositionBox.Choice) -> FailureAcknowledgement {
        switch choice {
        case .requeue: .requeue
        case .reject: .reject
        }
    }

    private func log(_ delivery: IncomingDelivery, _ consumer: ConsumerDefinition, _ text: String, error: any Error) {
        loggerForHandling.error(
            "\(text)",
            metadata: [
                "consumer": "\(consumer.className)", "message_id": "\(delivery.properties.messageID ?? "none")",
                "routing_key": "\(delivery.routingKey)", "delivery_tag": "\(delivery.deliveryTag)", "error": "\(error)"
            ])
    }
}
