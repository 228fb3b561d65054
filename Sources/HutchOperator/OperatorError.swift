/// Why an operator tool could not do its job: what it was doing, what it expected and
/// what it found. Never holds a password (broker URLs are redacted before they get here).
public struct OperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the tool was doing (`"reading hutch_dead_queue"`).
    public var step: String
    /// What it expected.
    public var expected: String
    /// What it found.
    public var found: String

    /// Creates an error.
    public init(step: String, expected: String, found: String) {
        self.step = step
        self.expected = expected
        self.found = found
    }

    public var description: String { "\(step): expected \(expected), found \(found)" }
}
