import HutchAMQP
import HutchConventions
import Synchronization
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

    /// Where the consumer span's context is kept for the failure handling; `nil` with tracing off.
    func consumerSpanHolder() -> ConsumerSpanHolder? { tracer == nil ? nil : ConsumerSpanHolder() }

    /// Runs the handler (decoding included), timed and in a consumer span when enabled;
    /// the span's context goes to `trace`.
    func handling(
        _ delivery: IncomingDelivery, consumer: ConsumerDefinition, series: DeliverySeries?, trace: ConsumerSpanHolder?,
        isolation: isolated (any Actor)? = #isolation, _ handle: () async throws -> Void
    ) async throws {
        guard series != nil || tracer != nil else { return try await handle() }
        let start = metrics.startTime()
        do {
            if let tracer {
                try await MessagingSpans.process(delivery, consumer: consumer, tracer: tracer, holder: trace, handle)
            } else {
                try await handle()
            }
        } catch {
            if let series {
                if error is UndecodableBody { metrics.increment(.decodeFailures, .delivery(series)) }
                if let start { metrics.record(.handlerDuration, start.instant.duration(to: .now), .handled(series, success: false)) }
            }
            throw error
        }
        if let series, let start { metrics.record(.handlerDuration, start.instant.duration(to: .now), .handled(series, success: true)) }
    }

    /// Runs `body` (the failure handling) in the consumer span's context, so what it
    /// publishes continues the delivery's trace.
    func continuing(_ trace: ConsumerSpanHolder?, isolation: isolated (any Actor)? = #isolation, _ body: () async -> Void) async {
        guard let context = trace?.context else { return await body() }
        await ServiceContext.withValue(context) { await body() }
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

/// The consumer span's context, kept for what runs after the handler (retries, dead queue).
final class ConsumerSpanHolder: Sendable {
    private let stored = Mutex<ServiceContext?>(nil)

    var context: ServiceContext? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
