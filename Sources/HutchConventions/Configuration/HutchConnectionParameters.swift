/// The connection parameters Hutch's broker hands to Bunny, and the URI it logs.
///
/// Values are Ruby values because Hutch passes settings through unchanged: a
/// `mq_host` of `false` (from `HUTCH_MQ_HOST=false`) is the host `false`.
package struct HutchConnectionParameters: Sendable, Equatable {
    /// `mq_host`.
    package var host: HutchConfigValue
    /// `mq_port`.
    package var port: HutchConfigValue
    /// `mq_vhost`, or `"/"` when it is blank (ActiveSupport's `presence`).
    package var vhost: HutchConfigValue
    /// `mq_username`.
    package var username: HutchConfigValue
    /// `mq_password`.
    package var password: HutchConfigValue
    /// `mq_tls`.
    package var tls: HutchConfigValue
    /// What Hutch logs when connecting: `amqp(s)://user@host:port/vhost`, without
    /// the password, the scheme from `tls`, and the vhost without its first
    /// line-leading `/` (so the default vhost `/` prints as an empty path).
    package var sanitizedURI: String

    /// Creates parameters.
    package init(
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
