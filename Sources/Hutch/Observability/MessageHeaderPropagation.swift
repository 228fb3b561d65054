import HutchConventions
import Tracing

/// Writes trace context into a message's `headers` table, one long-string header per key
/// the tracer's propagator chooses: `traceparent` and `tracestate` with a W3C propagator
/// (swift-otel's default). A header of the same name is replaced.
struct MessageHeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout FieldTable) {
        carrier.set(key, .longString(Array(value.utf8)))
    }
}

/// Reads trace context from a delivery's `headers` table: a string (or byte-array) header
/// by its exact name, as a Ruby publisher writes a String header.
struct MessageHeadersExtractor: Extractor {
    func extract(key: String, from carrier: FieldTable) -> String? {
        switch carrier[key] {
        case .longString(let bytes)?, .byteArray(let bytes)?: String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }
}
