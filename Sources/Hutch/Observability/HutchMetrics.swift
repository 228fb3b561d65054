import CoreMetrics
import HutchAMQP
import Synchronization

/// The client's swift-metrics series (see <doc:MetricsAndTracing> for the table).
///
/// Each series (a name and its dimension values) is made once and kept; with the no-op
/// backend nothing is made and every call returns at once.
final class HutchMetrics: Sendable {
    /// The counters.
    enum CounterName: String, Sendable {
        case consumed = "hutch_consumed_total"
        case acked = "hutch_acked_total"
        case nacked = "hutch_nacked_total"
        case requeued = "hutch_requeued_total"
        case retried = "hutch_retried_total"
        case deadQueued = "hutch_dead_queued_total"
        case decodeFailures = "hutch_decode_failures_total"
        case reconnects = "hutch_reconnects_total"
        case unsent = "hutch_unsent_total"
    }

    /// The timers (nanoseconds, as swift-metrics records them).
    enum TimerName: String, Sendable {
        case handlerDuration = "hutch_handler_duration"
        case publishDuration = "hutch_publish_duration"
        case confirmDuration = "hutch_confirm_duration"
        case blockedDuration = "hutch_blocked_duration"
    }

    /// The dimension values of one series; each case names its dimensions.
    enum Dimensions: Hashable, Sendable {
        case none
        /// `consumer`, `routing_key` (the consumer's binding key the delivery matched).
        case delivery(DeliverySeries)
        /// `consumer`, `routing_key`, `outcome` (`success` / `failure`).
        case handled(DeliverySeries, success: Bool)
        /// `exchange`, `routing_key`.
        case publish(exchange: String, routingKey: String)
        /// `reason` (the broker's: `low on memory`, `low on disk`).
        case blocked(reason: String)

        var pairs: [(String, String)] {
            switch self {
            case .none: []
            case .delivery(let series): [("consumer", series.consumer), ("routing_key", series.routingKey)]
            case .handled(let series, let success):
                [("consumer", series.consumer), ("routing_key", series.routingKey), ("outcome", success ? "success" : "failure")]
            case .publish(let exchange, let routingKey): [("exchange", exchange), ("routing_key", routingKey)]
            case .blocked(let reason): [("reason", reason)]
            }
        }
    }

    private struct CounterKey: Hashable {
        let name: CounterName
        let dimensions: Dimensions
    }

    private struct TimerKey: Hashable {
        let name: TimerName
        let dimensions: Dimensions
    }

    private let factory: (any MetricsFactory)?
    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let timers = Mutex<[TimerKey: Timer]>([:])

    /// Metrics through `settings`' factory, else the bootstrapped one; off for the no-op backend.
    init(_ settings: ObservabilitySettings) {
        let factory = settings.metricsFactory ?? MetricsSystem.factory
        self.factory = factory is NOOPMetricsHandler ? nil : factory
        isEnabled = self.factory != nil
    }

    /// Whether a backend records anything (callers skip preparing dimensions otherwise).
    /// Stored: computed from `factory`, it copied that optional existential (through its value
    /// witnesses) on every publish.
    let isEnabled: Bool

    func increment(_ name: CounterName, _ dimensions: Dimensions = .none) {
        guard let factory else { return }
        let key = CounterKey(name: name, dimensions: dimensions)
        let counter = counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = Counter(label: name.rawValue, dimensions: dimensions.pairs, factory: factory)
            counters[key] = made
            return made
        }
        counter.increment()
    }

    func record(_ name: TimerName, _ duration: Duration, _ dimensions: Dimensions = .none) {
        guard let factory else { return }
        let key = TimerKey(name: name, dimensions: dimensions)
        let timer = timers.withLock { timers in
            if let existing = timers[key] { return existing }
            let made = Timer(label: name.rawValue, dimensions: dimensions.pairs, factory: factory)
            timers[key] = made
            return made
        }
        timer.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Now, when metrics are on (for a later ``record(_:_:_:)``).
    /// An `InlineInstant`: an optional `ContinuousClock.Instant` is copied and destroyed
    /// through value witnesses, even when metrics are off and it is `nil`.
    func startTime() -> InlineInstant? { isEnabled ? InlineInstant(.now) : nil }

    /// `duration` in whole nanoseconds, as swift-metrics timers record (saturating).
    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? (seconds < 0 ? .min : .max) : scaled &+ attoseconds / 1_000_000_000
    }
}

extension HutchMetrics {
    /// Counts `name` for the failed delivery's consumer and binding.
    func increment(_ name: CounterName, for failure: FailedDelivery) {
        guard isEnabled else { return }
        increment(name, .delivery(DeliverySeries(failure.delivery, consumer: failure.consumer)))
    }
}

extension HutchMetrics {
    /// A new connection: after the first one it counts as a reconnect; its blocks are timed.
    func connected(_ connection: any AMQPTransport, generation: Int) {
        guard isEnabled else { return }
        if generation > 1 { increment(.reconnects) }
        connection.observeUnblocking { [self] episode in record(.blockedDuration, episode.duration, .blocked(reason: episode.reason)) }
    }
}
