import Foundation

/// A list of cases expected to fail, as protobuf's conformance failure lists work:
/// one full case name a line (`hutch-1.3.1/consume/json-array-body`), optionally
/// followed by `# why`; blank lines and lines starting with `#` are ignored.
///
/// A listed case that fails does not fail the run. A listed case that passes does —
/// the list is stale and must be updated (``rewritten(for:)`` writes the new list).
public struct FailureList: Sendable, Equatable {
    /// One listed case.
    public struct Entry: Sendable, Equatable {
        /// The case's full name.
        public var name: String
        /// The reason given after `#`, if any.
        public var reason: String?

        /// Creates an entry.
        public init(name: String, reason: String? = nil) {
            self.name = name
            self.reason = reason
        }
    }

    /// The entries in file order.
    public var entries: [Entry]

    /// Creates a list.
    public init(entries: [Entry] = []) { self.entries = entries }

    /// Parses the text of a failure-list file.
    public init(text: String) {
        var entries: [Entry] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "#", maxSplits: 1)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let reason = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
            entries.append(Entry(name: name, reason: reason))
        }
        self.entries = entries
    }

    /// Whether `name` is listed.
    public func contains(_ name: String) -> Bool { entries.contains { $0.name == name } }

    /// The list that matches `report`: every case that failed, keeping the reasons
    /// already written for cases that stay listed.
    public func rewritten(for report: RunReport) -> FailureList {
        let failing = report.results.filter { result in
            switch result.status {
            case .failed, .unsupported, .unreadable, .expectedFailure: true
            case .passed, .skipped, .unexpectedPass: false
            }
        }.map(\.fullName)
        return FailureList(entries: failing.map { name in
            Entry(name: name, reason: entries.first { $0.name == name }?.reason)
        })
    }

    /// The file text: a header comment, then one entry a line.
    public var text: String {
        var lines = ["# Cases expected to fail: one full name a line, optionally `# why`.",
                     "# A listed case that passes fails the run; rewrite with `hutch-conformance check --expected-failures FILE --fix`."]
        for entry in entries {
            lines.append(entry.reason.map { "\(entry.name)  # \($0)" } ?? entry.name)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
