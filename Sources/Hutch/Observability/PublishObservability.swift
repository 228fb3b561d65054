import HutchAMQP
import HutchConventions
import Tracing

/// The publisher's metrics and producer spans. With the no-op metrics backend and no
/// tracer the message is sent as given: nothing is added to its headers.
final class PublishObservability: Sendable {
    let metrics: HutchMetrics
    let tracer: (any Tracer)?

    init(_ settings: ObservabilitySettings) {
        self.metrics = HutchMetrics(settings)
        self.tracer = settings.tracer
        isActive = metrics.isEnabled || tracer != nil
    }

    /// Whether anything is measured or traced (stored: checked on every publish, where
    /// `tracer != nil` copied the optional existential).
    let isActive: Bool

    /// Runs `publish` (the whole publish, retries on new connections included), in a
    /// producer span when tracing, and records its duration when it succeeded.
    func publishing(
        _ message: OutgoingMessage, isolation: isolated (any Actor)? = #isolation, _ publish: (OutgoingMessage) async throws -> Void
    ) async throws {
        let start = metrics.startTime()
        if let tracer {
            try await MessagingSpans.publish(message, tracer: tracer, publish)
        } else {
            try await publish(message)
        }
        if let start {
            metrics.record(
                .publishDuration, start.instant.duration(to: .now), .publish(exchange: message.exchange, routingKey: message.routingKey))
        }
    }

    /// The broker confirmed `message`, `start` (from ``HutchMetrics/startTime()``) after it was written.
    func confirmed(_ message: OutgoingMessage, since start: InlineInstant?) {
        guard let start else { return }
        metrics.record(
            .confirmDuration, start.instant.duration(to: .now), .publish(exchange: message.exchange, routingKey: message.routingKey))
    }
}
