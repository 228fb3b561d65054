/// A line or an exchange with the Ruby peer that does not follow `hutch-peer/1`:
/// unparsable JSON, an event without its `event` field, a command that cannot be
/// written, or a peer that went away.
public struct PeerProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in one line.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
