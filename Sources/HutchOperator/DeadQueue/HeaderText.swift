import HutchConventions

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Header values as one line of text, for `hutch dead show`: strings quoted, timestamps
/// as ISO 8601 (UTC), arrays in `[…]`, tables in `{…}`. Not escaped: escape before
/// printing on a terminal.
package enum HeaderText {
    /// `value` as text.
    package static func render(_ value: FieldValue) -> String {
        switch value {
        case .longString(let bytes), .byteArray(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        case .boolean(let flag): return String(flag)
        case .timestamp(let seconds): return isoTime(seconds)
        case .void: return "nil"
        case .array(let values): return "[" + values.map(render).joined(separator: ", ") + "]"
        case .table(let table): return "{" + table.entries.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        case .float32(let number): return String(number)
        case .float64(let number): return String(number)
        case .decimal(let scale, let raw): return "\(raw)e-\(scale)"
        default: return value.integerValue.map(String.init) ?? "?"
        }
    }

    /// `seconds` since the epoch as `2026-12-06T12:00:00Z`.
    package static func isoTime(_ seconds: UInt64) -> String {
        Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
    }
}
