import Foundation

/// A list of cases expected to fail, as protobuf's conformance failure lists work:
/// one full case name a line (`hutch-1.3.1/consume/json-array-body`), optionally
/// followed by `# why`; blank lines and lines starting with `#` are comments.
///
/// A listed case that fails does not fail the run. A listed case that passes does —
/// the list is stale and must be updated (``rewritten(for:scope:)`` writes the new list,
/// keeping the comments), and so is an entry that names no case of a run that covered it
/// (``staleEntries(for:scope:)``).
package struct FailureList: Sendable, Equatable {
    /// One listed case.
    package struct Entry: Sendable, Equatable {
        /// The case's full name.
        package var name: String
        /// The reason given after `#`, if any.
        package var reason: String?

        /// Creates an entry.
        package init(name: String, reason: String? = nil) {
            self.name = name
            self.reason = reason
        }
    }

    /// One line of the file.
    package enum Line: Sendable, Equatable {
        /// A comment or blank line, kept as written.
        case comment(String)
        /// A listed case.
        case entry(Entry)
    }

    /// The file's lines, in order.
    package var lines: [Line]

    /// The entries in file order.
    package var entries: [Entry] {
        lines.compactMap { if case .entry(let entry) = $0 { entry } else { nil } }
    }

    /// The comment a new list starts with.
    package static let header: [Line] = [
        .comment("# Cases expected to fail: one full name a line, optionally `# why`."),
        .comment("# A listed case that passes fails the run; rewrite with `hutch-conformance check --expected-failures FILE --fix`.")
    ]

    /// A new list of `entries`, under ``header``.
    package init(entries: [Entry] = []) { self.lines = Self.header + entries.map(Line.entry) }

    /// Parses the text of a failure-list file.
    package init(text: String) {
        var lines: [Line] = []
        var rawLines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if rawLines.last == "" { rawLines.removeLast() }
        for rawLine in rawLines {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") {
                lines.append(.comment(rawLine))
                continue
            }
            let parts = line.split(separator: "#", maxSplits: 1)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let reason = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
            lines.append(.entry(Entry(name: name, reason: reason)))
        }
        self.lines = lines
    }

    /// Whether `name` is listed.
    package func contains(_ name: String) -> Bool { entries.contains { $0.name == name } }

    /// The entries `scope` covers that name no case of `report`: stale ones.
    package func staleEntries(for report: RunReport, scope: FailureListScope) -> [Entry] {
        let names = Set(report.results.map(\.fullName))
        return entries.filter { !names.contains($0.name) && scope.covers($0.name, in: report) }
    }

    /// The list that matches `report`: every case that failed. Comments stay where they
    /// are, cases that stay listed keep their line and reason, cases no longer failing
    /// and stale entries go (entries `scope` does not cover stay), new failures are added
    /// at the end. A list without comments gets ``header``.
    package func rewritten(for report: RunReport, scope: FailureListScope) -> FailureList {
        let failing = report.results.filter { result in
            switch result.status {
            case .failed, .unsupported, .unreadable, .expectedFailure: true
            case .passed, .skipped, .unexpectedPass: false
            }
        }.map(\.fullName)
        var kept: [Line] = lines.filter { line in
            if case .entry(let entry) = line { failing.contains(entry.name) || !scope.covers(entry.name, in: report) } else { true }
        }
        if !kept.contains(where: { if case .comment = $0 { true } else { false } }) { kept = Self.header + kept }
        var list = FailureList(entries: [])
        list.lines = kept
        for name in failing where !list.contains(name) { list.lines.append(.entry(Entry(name: name))) }
        return list
    }

    /// The file text: one line each.
    package var text: String {
        lines.map { line in
            switch line {
            case .comment(let text): text
            case .entry(let entry): entry.reason.map { "\(entry.name)  # \($0)" } ?? entry.name
            }
        }.joined(separator: "\n") + "\n"
    }
}
