/// What the cross-language run found besides the case results: how the peer ran.
package struct PeerRunReport: Sendable {
    /// The cases' results (corpus column `hutch-1.3.1 (peer)`), skipped with the reason
    /// when the peer skipped (the gems are missing).
    package var results: [CaseResult]
    /// Lines for the console: the peer's versions, or why it was skipped.
    package var lines: [String]
    /// Why the peer could not be started or did not become ready, `nil` when it did (or
    /// skipped): the run fails with it.
    package var startFailure: String?

    /// Creates a report.
    package init(results: [CaseResult], lines: [String], startFailure: String? = nil) {
        self.results = results
        self.lines = lines
        self.startFailure = startFailure
    }
}
