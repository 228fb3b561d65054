/// The text `hutch-conformance diff` prints: nothing when Ruby's behaviour did not
/// change; otherwise one block per changed case (each change's place, old and new
/// value), the added and removed cases, and a closing count.
///
/// Control characters from the recordings (ids, keys, values) are printed escaped
/// (`\u{1B}`), so a recording cannot drive the reader's terminal.
package struct DiffReport: Sendable {
    /// Creates a report.
    package init() {}

    /// The lines to print.
    package func lines(for diff: CorpusDiff) -> [String] {
        var lines: [String] = []
        for error in diff.unreadable { lines.append("UNREADABLE \(error)") }
        for changed in diff.changed {
            lines.append("CHANGED \(changed.name)" + Self.suffix(changed.label))
            for change in changed.changes {
                lines.append("  \(change.path)")
                lines.append("      old: \(change.old)")
                lines.append("      new: \(change.new)")
            }
        }
        for lone in diff.removed { lines.append("REMOVED \(lone.name)" + Self.suffix(lone.label)) }
        for lone in diff.added { lines.append("ADDED \(lone.name)" + Self.suffix(lone.label)) }
        if diff.behaviourChanged || !diff.unreadable.isEmpty {
            lines.append(
                "\(diff.changed.count) changed, \(diff.added.count) added, \(diff.removed.count) removed, \(diff.unchanged) unchanged")
        }
        return lines.map(TerminalText.escape)
    }

    private static func suffix(_ label: String) -> String { label.isEmpty ? "" : " (\(label))" }
}
