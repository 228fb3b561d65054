import Foundation

/// Prints one JSON document (keys sorted, so output is stable); control characters in
/// strings are escaped by the encoder.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        FileHandle.standardOutput.write(try encoder.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

/// Dates as operators read them: `2026-12-06T12:00:00Z`.
enum TimeText {
    static func iso(_ date: Date?) -> String {
        guard let date else { return "-" }
        return ISO8601DateFormatter().string(from: date)
    }

    /// `in 4 s` / `4 s ago`, from `now`.
    static func relative(_ date: Date, now: Date = Date()) -> String {
        let seconds = Int(date.timeIntervalSince(now).rounded())
        return seconds >= 0 ? "in \(seconds) s" : "\(-seconds) s ago"
    }
}
