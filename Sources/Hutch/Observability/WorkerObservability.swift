import HutchAMQP
import HutchConventions
import Tracing

/// The worker's metrics and consumer spans. With the no-op metrics backend and no tracer
/// every call returns at once: no series is prepared, no clock read.
final class WorkerObservability: Sendable {
    let metrics: HutchMetrics
    let tracer: (any Tracer)?

    init(_ settings: ObservabilitySettings) {
        self.metrics = HutchMetrics(settings)
        self.tracer = settings.tracer
    }

    /// The delivery's series (counted as consumed), or `nil` when metrics are off.
    func consumed(_ delivery: IncomingDelivery, consumer: ConsumerDefinition) -> DeliverySeries? {
        guard metrics.isEnabled else { return nil }
        let series = DeliverySeries(delivery, consumer: consumer)
        metrics.increment(.consumed, .delivery(series))
        return series
    }

    /// Runs the handler (decoding included), timed and in a consumer span when enabled.
    func handling(
        _ delivery: IncomingDelivery, consumer: ConsumerDefinition, series: DeliverySeries?,
        isolation: isolated (any Actor)? = #isolation, _ handle: () async throws -> Void
    ) async throws {
        guard series != nil || tracer != nil else { return try await handle() }
        let start = metrics.startTime()
        do {
            if let tracer {
                try await MessagingSpans.process(delivery, consumer: consumer, tracer: tracer, handle)
            } else {
                try await handle()
            }
        } catch {
            if let series {
                if error is UndecodableBody { metrics.increment(.decodeFailures, .delivery(series)) }
                if let start { metrics.record(.handlerDuration, start.duration(to: .now), .handled(series, success: false)) }
            }
            throw error
        }
        if let series, let start { metrics.record(.handlerDuration, start.duration(to: .now), .handled(series, success: true)) }
    }

    /// The broker took the worker's decision for the delivery.
    func settled(_ series: DeliverySeries?, _ decision: FailureAcknowledgement) {
        guard let series else { return }
        switch decision {
        case .ack: metrics.increment(.acked, .delivery(series))
        case .nack, .reject: metrics.increment(.nacked, .delivery(series))
        case .requeue: metrics.increment(.requeued, .delivery(series))
        }
    }
}
