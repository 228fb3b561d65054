import HutchConventions

/// Runs every case of a corpus through the checker of its kind.
package struct ConformanceRunner: Sendable {
    /// The checkers, by kind.
    package var checkers: [String: any CaseChecker]
    /// The clock and id source Swift uses.
    package var environment: CheckEnvironment

    /// A runner with the given checkers.
    package init(checkers: [any CaseChecker], environment: CheckEnvironment) {
        self.checkers = Dictionary(checkers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.environment = environment
    }

    /// Checks one case.
    package func run(_ recorded: RecordedCase) -> CaseResult {
        let corpus = recorded.hutchVersion.map { "hutch-\($0)" } ?? "unversioned"
        guard let checker = checkers[recorded.kind] else {
            return CaseResult(
                id: recorded.id, kind: recorded.kind, corpus: corpus, file: recorded.file,
                status: .unsupported("no checker for kind \"\(recorded.kind)\""))
        }
        do {
            let checks = try checker.check(recorded, environment: environment)
            return CaseResult(id: recorded.id, kind: recorded.kind, corpus: corpus, file: recorded.file, checks: checks)
        } catch {
            return CaseResult(id: recorded.id, kind: recorded.kind, corpus: corpus, file: recorded.file, status: .unreadable(error))
        }
    }

    /// Checks every case of `corpus`, and reports its unreadable files and skipped cases.
    package func run(_ corpus: Corpus, progress: (CaseResult) -> Void = { _ in }) -> RunReport {
        var results: [CaseResult] = []
        for error in corpus.unreadable {
            let result = CaseResult(id: error.file, kind: "?", corpus: "unreadable", file: error.file, status: .unreadable(error))
            progress(result)
            results.append(result)
        }
        for recorded in corpus.cases {
            let result = run(recorded)
            progress(result)
            results.append(result)
        }
        for skipped in corpus.skipped {
            let kind = skipped.id.split(separator: "/").first.map(String.init) ?? "?"
            results.append(CaseResult(id: skipped.id, kind: kind, corpus: skipped.corpus, file: "", status: .skipped(skipped.reason)))
        }
        return RunReport(results: results)
    }
}
