/// What the cross-language run found besides the case results: how the peer ran.
public struct PeerRunReport: Sendable {
    /// The cases' results (corpus column `hutch-1.3.1 (peer)`), skipped with the reason
    /// when the peer could not run.
    public var results: [CaseResult]
    /// Lines for the console: the peer's versions, or why it was skipped.
    public var lines: [String]

    /// Creates a report.
    public init(results: [CaseResult], lines: [String]) {
        self.results = results
        self.lines = lines
    }
}
