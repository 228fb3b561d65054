import Foundation
import HutchConventions

/// Checks the cases of one kind: builds what Swift produces from a case's input and
/// compares it with what Ruby recorded.
package protocol CaseChecker: Sendable {
    /// The kind this checker handles (`"publish"`).
    var kind: String { get }

    /// The checks run for one case. A ``CaseFileError`` means the case itself is
    /// malformed (a missing or mistyped field), not that Swift differs.
    func check(_ recorded: RecordedCase, environment: CheckEnvironment) throws(CaseFileError) -> [CaseResult.Check]
}

/// What checkers may need from outside the case: Swift's own clock and id
/// generator, so that nondeterministic fields are produced the way a Swift service
/// produces them and then checked by shape.
package struct CheckEnvironment: Sendable {
    /// Swift's clock, in Unix seconds.
    package var now: @Sendable () -> Double
    /// Swift's message-id and consumer-tag UUID source (lowercase v4 text).
    package var makeUUID: @Sendable () -> String
    /// How far a timestamp may be from its clock, in seconds.
    package var timestampTolerance: Double

    /// Swift's real clock and ``SecureRandomUUID/make()``: what a Swift service uses,
    /// and what `hutch-conformance` checks with.
    package static let system = CheckEnvironment(now: { Date().timeIntervalSince1970 }, makeUUID: SecureRandomUUID.make)

    /// Creates an environment.
    package init(
        now: @escaping @Sendable () -> Double, makeUUID: @escaping @Sendable () -> String,
        timestampTolerance: Double = 5
    ) {
        self.now = now
        self.makeUUID = makeUUID
        self.timestampTolerance = timestampTolerance
    }
}
