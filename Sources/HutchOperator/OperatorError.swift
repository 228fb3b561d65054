/// Why an operator tool could not do its job: what it was doing, what it expected and
/// what it found. Never holds a password (broker URLs are redacted before they get here).
package struct OperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the tool was doing (`"reading hutch_dead_queue"`).
    package var step: String
    /// What it expected.
    package var expected: String
    /// What it found.
    package var found: String

    /// Creates an error.
    package init(step: String, expected: String, found: String) {
        self.step = step
        self.expected = expected
        self.found = found
    }

    package var description: String { "\(step): expected \(expected), found \(found)" }
}
