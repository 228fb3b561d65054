/// The clock and the message-id generator a publish uses, injected so that results
/// are deterministic in tests.
public struct PublishEnvironment: Sendable {
    /// `Time.now.to_i`: whole seconds since the Unix epoch (Hutch's `timestamp`).
    public var now: @Sendable () -> Int64
    /// `SecureRandom.uuid`: a lowercase RFC 4122 version-4 UUID (Hutch's `message_id`).
    public var nextMessageID: @Sendable () -> String

    /// Creates an environment.
    public init(now: @escaping @Sendable () -> Int64, nextMessageID: @escaping @Sendable () -> String) {
        self.now = now
        self.nextMessageID = nextMessageID
    }

    /// A fixed clock and a fixed id, for tests and for replaying recorded cases.
    public static func fixed(timestamp: Int64, messageID: String) -> PublishEnvironment {
        PublishEnvironment(now: { timestamp }, nextMessageID: { messageID })
    }

    /// A random lowercase version-4 UUID, as `SecureRandom.uuid` writes it
    /// (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`), from the system's random source.
    public static func randomUUIDv4() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
