/// The connection parameters Hutch's broker hands to Bunny, and the URI it logs.
///
/// Values are Ruby values because Hutch passes settings through unchanged: a
/// `mq_host` of `false` (from `HUTCH_MQ_HOST=false`) is the host `false`.
public struct HutchConnectionParameters: Sendable, Equatable {
    /// `mq_host`.
    public var host: HutchConfigValue
    /// `mq_port`.
    public var port: HutchConfigValue
    /// `mq_vhost`, or `"/"` when it is blank (ActiveSupport's `presence`).
    public var vhost: HutchConfigValue
    /// `mq_username`.
    public var username: HutchConfigValue
    /// `mq_password`.
    public var password: HutchConfigValue
    /// `mq_tls`.
    public var tls: HutchConfigValue
    /// What Hutch logs when connecting: `amqp(s)://user@host:port/vhost`, without
    /// the password, the scheme from `tls`, and the vhost without its first
    /// line-leading `/` (so the default vhost `/` prints as an empty path).
    public var sanitizedURI: String

    /// Creates parameters.
    public init(
        host: HutchConfigValue, port: HutchConfigValue, vhost: HutchConfigValue, username: HutchConfigValue,
        password: HutchConfigValue, tls: HutchConfigValue, sanitizedURI: String
    ) {
        self.host = host
        self.port = port
        self.vhost = vhost
        self.username = username
        self.password = password
        self.tls = tls
        self.sanitizedURI = sanitizedURI
    }

    /// `String#sub(/^\//, "")`: removes the first `/` that starts a line.
    static func removingLeadingSlash(_ text: String) -> String {
        var previous: Character?
        for index in text.indices {
            let c = text[index]
            if c == "/" && (previous == nil || previous == "\n") {
                var copy = text
                copy.remove(at: index)
                return copy
            }
            previous = c
        }
        return text
    }
}
