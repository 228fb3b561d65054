import HutchAMQP
import HutchConventions
import Tracing

/// The spans of publishing and consuming, named and described with OpenTelemetry's
/// messaging semantic conventions (`messaging.system` `rabbitmq`, …).
enum MessagingSpans {
    /// Runs `publish` in a producer span `publish <exchange>` whose context is written into
    /// the message's headers (`traceparent` / `tracestate` with a W3C propagator).
    static func publish<T: Tracer>(
        _ message: OutgoingMessage, tracer: T, isolation: isolated (any Actor)? = #isolation,
        _ publish: (OutgoingMessage) async throws -> Void
    ) async throws {
        let span = tracer.startSpan("publish \(message.exchange)", context: ServiceContext.current ?? .topLevel, ofKind: .producer)
        span.updateAttributes { attributes in
            attributes["messaging.system"] = "rabbitmq"
            attributes["messaging.operation.name"] = "publish"
            attributes["messaging.operation.type"] = "send"
            attributes["messaging.destination.name"] = message.exchange
            attributes["messaging.rabbitmq.destination.routing_key"] = message.routingKey
            attributes["messaging.message.body.size"] = message.body.count
            if let id = message.properties.messageID { attributes["messaging.message.id"] = id }
        }
        var traced = message
        var headers = message.properties.headers ?? FieldTable()
        tracer.inject(span.context, into: &headers, using: MessageHeadersInjector())
        traced.properties.headers = headers
        do {
            try await publish(traced)
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            span.end()
            throw error
        }
        span.end()
    }

    /// Runs `handle` in a consumer span `process <exchange>`, the child of the trace
    /// context the delivery's headers carry (a new trace when they carry none), with the
    /// span's context as the task's `ServiceContext.current` (publishes from the handler
    /// continue the trace) and in `holder` (for the failure handling after it).
    static func process<T: Tracer>(
        _ delivery: IncomingDelivery, consumer: ConsumerDefinition, tracer: T, holder: ConsumerSpanHolder?,
        isolation: isolated (any Actor)? = #isolation, _ handle: () async throws -> Void
    ) async throws {
        var parent = ServiceContext.current ?? .topLevel
        if let headers = delivery.properties.headers {
            tracer.extract(headers, into: &parent, using: MessageHeadersExtractor())
        }
        let span = tracer.startSpan("process \(delivery.exchange)", context: parent, ofKind: .consumer)
        holder?.context = span.context
        span.updateAttributes { attributes in
            attributes["messaging.system"] = "rabbitmq"
            attributes["messaging.operation.name"] = "process"
            attributes["messaging.operation.type"] = "process"
            attributes["messaging.destination.name"] = delivery.exchange
            attributes["messaging.rabbitmq.destination.routing_key"] = delivery.routingKey
            attributes["messaging.rabbitmq.message.delivery_tag"] = Int(clamping: delivery.deliveryTag)
            attributes["messaging.message.body.size"] = delivery.body.count
            if let id = delivery.properties.messageID { attributes["messaging.message.id"] = id }
            attributes["hutch.consumer"] = consumer.className
        }
        do {
            try await ServiceContext.withValue(span.context) { try await handle() }
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            span.end()
            throw error
        }
        span.end()
    }
}
