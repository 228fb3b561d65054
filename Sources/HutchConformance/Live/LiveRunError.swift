/// Why a live run could not start: the broker or the management API is unreachable, or
/// the vhost already holds Hutch's queues and `--allow-existing` was not given.
package struct LiveRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for people.
    package var message: String

    /// Creates an error.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
