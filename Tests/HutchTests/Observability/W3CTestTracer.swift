import InMemoryTracing
import Synchronization
import Tracing

/// swift-distributed-tracing's `InMemoryTracer` (which records spans) with W3C trace
/// context propagation, as swift-otel's default propagator writes it: a `traceparent`
/// header `00-<32 hex trace id>-<16 hex span id>-01` and `tracestate` when one was received.
struct W3CTestTracer: Tracer {
    let recorder: InMemoryTracer

    init() {
        let ids = HexIDs()
        recorder = InMemoryTracer(
            idGenerator: .init(nextTraceID: { "a1" + ids.next(digits: 30) }, nextSpanID: { "b2" + ids.next(digits: 14) }))
    }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind, at instant: @autoclosure () -> Instant,
        function: String, file fileID: String, line: UInt
    ) -> InMemorySpan {
        recorder.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID, line: line)
    }

    func forceFlush() { recorder.forceFlush() }

    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        guard let span = context.inMemorySpanContext else { return }
        injector.inject("00-\(span.traceID)-\(span.spanID)-01", forKey: "traceparent", into: &carrier)
        if let state = context[TraceStateKey.self] { injector.inject(state, forKey: "tracestate", into: &carrier) }
    }

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        guard let parent = extractor.extract(key: "traceparent", from: carrier) else { return }
        let fields = parent.split(separator: "-")
        guard fields.count == 4, fields[1].count == 32, fields[2].count == 16 else { return }
        context.inMemorySpanContext = InMemorySpanContext(traceID: String(fields[1]), spanID: String(fields[2]), parentSpanID: nil)
        context[TraceStateKey.self] = extractor.extract(key: "tracestate", from: carrier)
    }

    var finishedSpans: [FinishedInMemorySpan] { recorder.finishedSpans }
}

private enum TraceStateKey: ServiceContextKey {
    typealias Value = String
}

/// Distinct, valid W3C hex ids.
private final class HexIDs: Sendable {
    private let count = Mutex<UInt64>(0)

    func next(digits: Int) -> String {
        let n = count.withLock { value in
            value += 1
            return value
        }
        let text = String(n, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }
}
