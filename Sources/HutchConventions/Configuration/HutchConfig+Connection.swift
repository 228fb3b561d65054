extension HutchConfig {
    /// Hutch's `Broker#parse_uri`: when `uri` is not blank, parses it with Ruby's
    /// `URI.parse` and sets `mq_tls` (scheme is `amqps`), `mq_host`, `mq_port` (the
    /// URI's, else 5671 with TLS and 5672 without), `mq_vhost` (the path without its
    /// leading `/`, not percent-decoded: `%2F` stays), `mq_username` and
    /// `mq_password` (both `nil` without user info, never decoded), each through
    /// Hutch's setter conversion. A blank `uri` (`nil`, `""`, spaces) changes nothing.
    public func applyingURI() throws(HutchConfigError) -> HutchConfig {
        guard let uriValue = self["uri"], !uriValue.isBlank else { return self }
        guard case .string(let text) = uriValue else {
            throw HutchConfigError(
                code: .invalidURI, rubyClassName: "URI::InvalidURIError",
                expected: "a URI String", found: "a \(uriValue.rubyClassName) (not shown: it may hold a password)", source: .uri)
        }
        let uri = try RubyURI.parse(text)
        guard let path = uri.path else {
            throw HutchConfigError(
                code: .uriWithoutPath, rubyClassName: "NoMethodError",
                expected: "a hierarchical URI (scheme://host/vhost)", found: "the opaque URI \(URLRedaction.redacting(text))", source: .uri)
        }
        let tls = uri.scheme == "amqps"
        var config = try setting("mq_tls", to: .bool(tls), source: .uri)
        config = try config.setting("mq_host", to: uri.host.map(HutchConfigValue.string) ?? .nil, source: .uri)
        let port = uri.port ?? JSONInteger(tls ? 5671 : 5672)
        config = try config.setting("mq_port", to: .integer(port), source: .uri)
        config = try config.setting("mq_vhost", to: .string(HutchConnectionParameters.removingLeadingSlash(path)), source: .uri)
        config = try config.setting("mq_username", to: uri.user.map(HutchConfigValue.string) ?? .nil, source: .uri)
        config = try config.setting("mq_password", to: uri.password.map(HutchConfigValue.string) ?? .nil, source: .uri)
        return config
    }

    /// Hutch's `Broker#connection_params` and `sanitized_uri`: applies the URI (see
    /// ``applyingURI()``), then reads host, port, vhost (`"/"` when blank), username,
    /// password and TLS, and builds the logged URI by string interpolation (Ruby's
    /// `to_s` of each value). A vhost that is not a String (a YAML number) makes
    /// Ruby's `sub` fail with `NoMethodError`.
    public func connectionParameters() throws(HutchConfigError) -> HutchConfigLoad {
        let config = try applyingURI()
        let vhostSetting = config["mq_vhost"] ?? .nil
        let vhost: HutchConfigValue = vhostSetting.isBlank ? .string("/") : vhostSetting
        guard case .string(let vhostText) = vhost else {
            throw HutchConfigError(
                code: .notConvertible, rubyClassName: "NoMethodError",
                expected: "a String vhost", found: "\(vhost.rubyInspect) (\(vhost.rubyClassName))", source: .setting("mq_vhost"))
        }
        let host = config["mq_host"] ?? .nil
        let port = config["mq_port"] ?? .nil
        let username = config["mq_username"] ?? .nil
        let tls = config["mq_tls"] ?? .nil
        let scheme = tls.isTruthy ? "amqps" : "amqp"
        let sanitized =
            "\(scheme)://\(username.rubyToS)@\(host.rubyToS):\(port.rubyToS)/"
            + HutchConnectionParameters.removingLeadingSlash(vhostText)
        let connection = HutchConnectionParameters(
            host: host, port: port, vhost: vhost, username: username,
            password: config["mq_password"] ?? .nil, tls: tls, sanitizedURI: sanitized)
        return HutchConfigLoad(config: config, connection: connection)
    }
}
