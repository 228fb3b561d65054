import CoreMetrics
import Tracing

/// Where the client's metrics and traces go: swift-metrics and swift-distributed-tracing.
///
/// Metrics are on whenever a metrics backend is bootstrapped (`MetricsSystem.bootstrap`)
/// or ``metricsFactory`` is set; with swift-metrics' no-op backend the client creates no
/// metric objects. Tracing is off until ``tracer`` is set: then publishes carry the trace
/// context in their headers and each handler runs in a consumer span. Off, nothing is
/// added to a message, so Ruby receives the same bytes as before.
///
/// ```swift
/// settings.observability.tracer = InstrumentationSystem.tracer   // after bootstrapping swift-otel
/// ```
///
/// See <doc:MetricsAndTracing> for the metric names, their dimensions and the headers.
public struct ObservabilitySettings: Sendable {
    /// The metrics backend; `nil` uses `MetricsSystem.factory` (the bootstrapped one).
    public var metricsFactory: (any MetricsFactory)?
    /// The tracer that injects and extracts trace context and records spans; `nil` (the
    /// default) turns tracing off.
    public var tracer: (any Tracer)?

    /// Metrics through the bootstrapped backend, tracing off.
    public init(metricsFactory: (any MetricsFactory)? = nil, tracer: (any Tracer)? = nil) {
        self.metricsFactory = metricsFactory
        self.tracer = tracer
    }
}
