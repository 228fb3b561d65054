extension Corpus {
    /// Moves each case whose id another case of the same corpus already has (the same
    /// Hutch version: `hutch-1.3.1`) to ``unreadable``, naming both files.
    ///
    /// FORMAT.md makes an id unique in a corpus: reports, the expected-failures list and
    /// `diff` know a case by its corpus and id, so a second case with one would be run
    /// under the first one's name, or dropped. The same id in two Hutch versions is two
    /// cases.
    mutating func rejectDuplicateIDs() {
        var firstFile: [String: String] = [:]
        var unique: [RecordedCase] = []
        for recorded in cases {
            let corpus = HazardReport.corpusName(recorded)
            let name = "\(corpus)/\(recorded.id)"
            if let other = firstFile[name] {
                unreadable.append(
                    CaseFileError(
                        file: recorded.file, field: "id", expected: "an id no other case of \(corpus) has",
                        found: "\"\(recorded.id)\", the id of \(other)"))
            } else {
                firstFile[name] = recorded.file
                unique.append(recorded)
            }
        }
        cases = unique
    }
}
