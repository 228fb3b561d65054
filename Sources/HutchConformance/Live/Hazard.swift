/// Something about the broker or the Ruby pairing that breaks Hutch's conventions in
/// production, with the live checks that show it.
package struct Hazard: Sendable, Equatable {
    /// A stable identifier (`x-death-from-3.13`).
    package var id: String
    /// One line for people.
    package var title: String
    /// Whether it applies to this broker and these corpora.
    package var flagged: Bool
    /// The corpora it applies to (empty when it is about the broker alone).
    package var corpora: [String]
    /// What happens, and what to do.
    package var detail: String
    /// The checks that show it, each `full case name [check]: status`.
    package var evidence: [String]

    /// Creates a hazard.
    package init(id: String, title: String, flagged: Bool, corpora: [String] = [], detail: String, evidence: [String]) {
        self.id = id
        self.title = title
        self.flagged = flagged
        self.corpora = corpora
        self.detail = detail
        self.evidence = evidence
    }
}
