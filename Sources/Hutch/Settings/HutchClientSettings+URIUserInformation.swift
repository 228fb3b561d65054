import HutchConventions

extension HutchClientSettings {
    /// Refuses a `uri` with an `@` that Ruby's parser does not read as the end of the user
    /// information: `amqp:/user:secret@host` (one slash: all of it is the path), or a
    /// password with an unencoded `/`, `?` or `#` (`amqp://user:12/x@host/vhost`: host
    /// `user`, port 12, vhost `x@host/vhost`).
    ///
    /// Ruby's Hutch accepts both and connects with what it parsed; the password, or part
    /// of it, then lands in the host, the port or the vhost, which Hutch's "connecting to"
    /// line prints (its `sanitized_uri`). The Swift client refuses them before anything is
    /// logged, without showing the text. A vhost with an `@` in a `uri` without user
    /// information is refused too; `mq_vhost` sets it.
    static func checkUserInformation(ofURI value: HutchConfigValue?) throws(HutchClientSettingsError) {
        guard case .string(let text)? = value, text.contains("@"),
            let uri = try? RubyURI.parse(text), uri.user == nil, uri.password == nil
        else { return }
        throw HutchClientSettingsError(
            setting: "uri",
            expected:
                "amqp://user:password@host:port/vhost, with any /, ?, # or @ in the user or password percent-encoded",
            found: "an @ that is not the end of the user information (the URI is not shown: it may hold a password)")
    }
}
