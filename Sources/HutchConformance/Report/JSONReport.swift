import HutchConventions

/// The run as one JSON document, for tools: the counts, then every case with its
/// status and each check's differences (`path`, `ruby`, `swift`).
package struct JSONReport: Sendable {
    /// Creates a report.
    package init() {}

    /// The document's value; keys in a fixed order.
    package func value(for report: RunReport) -> JSONValue {
        let summary: JSONValue = [
            "passed": .int(Int64(report.passed)), "failed": .int(Int64(report.failed)), "skipped": .int(Int64(report.skipped)),
            "expected_failures": .int(Int64(report.expectedFailures)), "unexpected_passes": .int(Int64(report.unexpectedPasses)),
            "differed": .int(Int64(report.differed)), "unsupported": .int(Int64(report.unsupported)),
            "unreadable": .int(Int64(report.unreadable))
        ]
        return [
            "format": "hutch-conformance-report/1",
            "summary": summary,
            "summary_line": .string(report.summaryLine),
            "results": .array(report.results.map(Self.value(for:)))
        ]
    }

    /// The document as UTF-8 bytes.
    package func bytes(for report: RunReport) -> [UInt8] {
        // Every value here is a valid UTF-8 string, integer, boolean or container.
        (try? RubyJSON.generate(value(for: report))) ?? Array(#"{"error":"report not encodable"}"#.utf8)
    }

    /// The document of a live run: the same keys, then `live` — the broker, the Ruby
    /// pairings and the hazards (see ``HazardReport/jsonValue``).
    package func bytes(for report: RunReport, hazards: HazardReport?) -> [UInt8] {
        guard let hazards, case .object(var object) = value(for: report) else { return bytes(for: report) }
        object["live"] = hazards.jsonValue
        return (try? RubyJSON.generate(.object(object))) ?? bytes(for: report)
    }

    static func value(for result: CaseResult) -> JSONValue {
        var object = JSONObject()
        object["name"] = .string(result.fullName)
        object["corpus"] = .string(result.corpus)
        object["id"] = .string(result.id)
        object["kind"] = .string(result.kind)
        object["file"] = .string(result.file)
        object["status"] = .string(result.status.name)
        if let reason = result.status.reason { object["reason"] = .string(reason) }
        object["checks"] = .array(
            result.checks.map { check in
                [
                    "name": .string(check.name), "passed": .bool(check.passed),
                    "differences": .array(
                        check.differences.map { ["path": .string($0.path), "ruby": .string($0.ruby), "swift": .string($0.swift)] })
                ]
            })
        return .object(object)
    }
}

extension CaseResult.Status {
    /// A one-word name: `passed`, `failed`, `unsupported`, `skipped`, `unreadable`,
    /// `expected_failure`, `unexpected_pass`.
    package var name: String {
        switch self {
        case .passed: "passed"
        case .failed: "failed"
        case .unsupported: "unsupported"
        case .skipped: "skipped"
        case .unreadable: "unreadable"
        case .expectedFailure: "expected_failure"
        case .unexpectedPass: "unexpected_pass"
        }
    }

    /// The reason carried by an unsupported, skipped or unreadable verdict.
    package var reason: String? {
        switch self {
        case .unsupported(let reason), .skipped(let reason): reason
        case .unreadable(let error): error.description
        default: nil
        }
    }
}
