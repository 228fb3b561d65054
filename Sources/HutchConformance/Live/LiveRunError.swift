/// Why a live run could not start: the broker or the management API is unreachable, or
/// the vhost already holds Hutch's queues and `--allow-existing` was not given.
public struct LiveRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for people.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
