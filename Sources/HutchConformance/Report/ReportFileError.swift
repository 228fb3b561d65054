/// A report that cannot be written: where, what was expected there and what was found.
package struct ReportFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as given.
    package var path: String
    /// What writing needs there.
    package var expected: String
    /// What is there instead, or the system's reason.
    package var found: String

    /// Creates an error about `path`.
    package init(path: String, expected: String, found: String) {
        self.path = path
        self.expected = expected
        self.found = found
    }

    /// What is wrong, without the path (for messages that name the path themselves).
    package var reason: String { "expected \(expected), found \(found)" }

    package var description: String { "\(path): \(reason)" }
}
