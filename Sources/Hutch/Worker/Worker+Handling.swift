import HutchAMQP
import HutchConventions
import Logging

extension Worker {
    /// Runs the handler for one delivery and settles it.
    func handle(_ delivery: IncomingDelivery, registration: ConsumerRegistration, amqp: AMQPConnection) async {
        let definition = registration.definition
        let failureCount = connection.settings.retryCounting.failureCount(
            headers: delivery.properties.headers, routingKeys: definition.routingKeys)
        let disposition = DispositionBox()
        do {
            try await registration.run(delivery, failureCount, disposition, connection.settings.serializer)
            await settle(delivery, disposition.value.map(Self.acknowledgement) ?? .ack, amqp: amqp)
        } catch {
            if let choice = disposition.value {
                log(delivery, definition, "handler failed after settling the message itself", error: error)
                await settle(delivery, Self.acknowledgement(choice), amqp: amqp)
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
            await fail(failure, amqp: amqp)
        }
    }

    /// Hutch's `handle_error` (error handlers) and `acknowledge_error` (the chain, else nack).
    private func fail(_ failure: FailedDelivery, amqp: AMQPConnection) async {
        for handler in failureHandlersList {
            do {
                try await handler.handle(failure, publisher: publisher)
            } catch {
                log(failure.delivery, failure.consumer, "error handler \(type(of: handler)) failed", error: error)
            }
        }
        var decision = FailureAcknowledgement.nack
        for handler in acknowledgementHandlersList {
            if let chosen = await handler.acknowledge(failure) {
                decision = chosen
                break
            }
        }
        await settle(failure.delivery, decision, amqp: amqp)
    }

    private func settle(_ delivery: IncomingDelivery, _ decision: FailureAcknowledgement, amqp: AMQPConnection) async {
        do throws(AMQPError) {
            switch decision {
            case .ack: try await amqp.ack(delivery)
            case .nack: try await amqp.nack(delivery, requeue: false)
            case .reject: try await amqp.reject(delivery, requeue: false)
            case .requeue: try await amqp.reject(delivery, requeue: true)
            }
        } catch {
            // The channel or connection is gone: the broker redelivers the message.
            loggerForHandling.debug("could not settle delivery \(delivery.deliveryTag): \(error)")
        }
    }

    private static func acknowledgement(_ choice: DispositionBox.Choice) -> FailureAcknowledgement {
        switch choice {
        case .requeue: .requeue
        case .reject: .reject
        }
    }

    private func log(_ delivery: IncomingDelivery, _ consumer: ConsumerDefinition, _ text: String, error: any Error) {
        loggerForHandling.error("\(text)", metadata: [
            "consumer": "\(consumer.className)", "message_id": "\(delivery.properties.messageID ?? "none")",
            "routing_key": "\(delivery.routingKey)", "delivery_tag": "\(delivery.deliveryTag)", "error": "\(error)",
        ])
    }
}
