/// What checking one case found.
///
/// Keeps apart, as protobuf's conformance runner does, a case that passed, one whose
/// result differs, one the runner does not support, one whose file could not be
/// read, and one Swift crashed on (threw where it should have produced output).
public struct CaseResult: Sendable {
    /// The verdict.
    public enum Status: Sendable, Equatable {
        /// Every check agreed with Ruby.
        case passed
        /// At least one check found a difference.
        case failed
        /// The case's kind (or a feature it uses) is not supported; never a pass.
        case unsupported(String)
        /// The manifest says the case was not recorded for this version.
        case skipped(String)
        /// The file could not be read as a case.
        case unreadable(CaseFileError)
        /// The case failed and an expected-failures list names it: it does not fail the run.
        case expectedFailure
        /// An expected-failures list names the case but it passed: the list is stale,
        /// and this fails the run.
        case unexpectedPass

        /// Whether this verdict fails the run.
        public var isFailure: Bool {
            switch self {
            case .failed, .unsupported, .unreadable, .unexpectedPass: true
            case .passed, .skipped, .expectedFailure: false
            }
        }
    }

    /// One named check of a case (`fields`, `bytes`, `order`, `shape`).
    public struct Check: Sendable, Equatable {
        /// The check's name.
        public var name: String
        /// What differed; empty when the check passed.
        package var differences: [Difference]

        /// Creates a check.
        package init(name: String, differences: [Difference]) {
            self.name = name
            self.differences = differences
        }

        /// Whether the check passed.
        public var passed: Bool { differences.isEmpty }
    }

    /// The case id (`"publish/floats"`).
    public var id: String
    /// The kind.
    public var kind: String
    /// The corpus the case belongs to (`"hutch-1.3.1"`), from its Hutch version.
    public var corpus: String
    /// The file the case was read from.
    public var file: String
    /// The checks run, in order.
    public var checks: [Check]
    /// The verdict.
    public var status: Status

    /// A result from checks; failed when any check has differences.
    package init(id: String, kind: String, corpus: String, file: String, checks: [Check]) {
        self.id = id
        self.kind = kind
        self.corpus = corpus
        self.file = file
        self.checks = checks
        self.status = checks.allSatisfy(\.passed) ? .passed : .failed
    }

    /// A result with a verdict other than passed or failed.
    package init(id: String, kind: String, corpus: String, file: String, status: Status) {
        self.id = id
        self.kind = kind
        self.corpus = corpus
        self.file = file
        self.checks = []
        self.status = status
    }

    /// The hierarchical name used in reports: `hutch-1.3.1/publish/floats`.
    public var fullName: String { "\(corpus)/\(id)" }
}
