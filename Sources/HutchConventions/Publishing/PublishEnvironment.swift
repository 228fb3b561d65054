/// The clock and the message-id generator a publish uses, injected so that results
/// are deterministic in tests.
public struct PublishEnvironment: Sendable {
    /// `Time.now.to_i`: whole seconds since the Unix epoch (Hutch's `timestamp`).
    package var now: @Sendable () -> Int64
    /// `SecureRandom.uuid`: a lowercase RFC 4122 version-4 UUID (Hutch's `message_id`;
    /// ``SecureRandomUUID/make()`` in production).
    package var nextMessageID: @Sendable () -> String

    /// Creates an environment.
    package init(now: @escaping @Sendable () -> Int64, nextMessageID: @escaping @Sendable () -> String) {
        self.now = now
        self.nextMessageID = nextMessageID
    }

    /// A fixed clock and a fixed id, for tests and for replaying recorded cases.
    public static func fixed(timestamp: Int64, messageID: String) -> PublishEnvironment {
        PublishEnvironment(now: { timestamp }, nextMessageID: { messageID })
    }
}
