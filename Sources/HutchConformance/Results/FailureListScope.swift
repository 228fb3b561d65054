/// The entries of an expected-failures list a run could have matched: a name that is the
/// full name of one of its cases, or one in a corpus the run read whole (the folder
/// holding its `corpus.json` was among the paths), in one of its columns, and passing its
/// `--filter`.
///
/// A covered entry that names no case of the run is stale (a typo, or a case renamed or
/// removed); an entry the run does not cover — another corpus, a file not given, outside
/// the filter, another subcommand's column — is neither stale nor dropped by `--fix`.
///
/// The column is the part of a name before its first `/`: `hutch-1.3.1` for `check`,
/// `hutch-1.3.1 (live)` and `hutch-1.3.1 (peer)` for `live`. The filter is matched as by
/// the run, against the name without a ` (live)` or ` (peer)` suffix.
package struct FailureListScope: Sendable {
    /// The corpora read whole (their manifests' names).
    package var corpora: Set<String>
    /// The run's `--filter`, if any.
    package var filter: String?

    /// A scope for a run that read `corpora` whole, selected by `filter`.
    package init(corpora: Set<String>, filter: String?) {
        self.corpora = corpora
        self.filter = filter
    }

    /// Whether the run that produced `report` could have matched `name`.
    package func covers(_ name: String, in report: RunReport) -> Bool {
        if report.results.contains(where: { $0.fullName == name }) { return true }
        guard let slash = name.firstIndex(of: "/") else { return false }
        let column = String(name[..<slash])
        guard report.results.contains(where: { $0.corpus == column }) else { return false }
        let corpus = Self.corpus(ofColumn: column)
        guard corpora.contains(corpus) else { return false }
        return filter.map { (corpus + name[slash...]).contains($0) } ?? true
    }

    /// `hutch-1.3.1` for `hutch-1.3.1`, `hutch-1.3.1 (live)` and `hutch-1.3.1 (peer)`.
    private static func corpus(ofColumn column: String) -> String {
        for suffix in [" (live)", " (peer)"] where column.hasSuffix(suffix) { return String(column.dropLast(suffix.count)) }
        return column
    }
}
