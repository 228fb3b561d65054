/// A line or an exchange with the Ruby peer that does not follow `hutch-peer/1`:
/// unparsable JSON, an event without its `event` field, a command that cannot be
/// written, or a peer that went away.
package struct PeerProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in one line.
    package var message: String

    /// Creates an error.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
