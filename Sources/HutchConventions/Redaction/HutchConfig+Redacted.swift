extension HutchConnectionParameters: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The logged URI (``sanitizedURI``); the password is never shown.
    public var description: String { sanitizedURI }

    /// Every parameter, the password as `***`.
    public var debugDescription: String {
        "HutchConnectionParameters(host: \(host.rubyInspect), port: \(port.rubyInspect), vhost: \(vhost.rubyInspect), "
            + "username: \(username.rubyInspect), password: \(URLRedaction.mask), tls: \(tls.rubyInspect), sanitizedURI: \(sanitizedURI))"
    }

    /// What `dump` and the debugger show: the password as `***`.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "vhost": vhost, "username": username,
                "password": URLRedaction.mask, "tls": tls, "sanitizedURI": sanitizedURI
            ])
    }
}

extension HutchConfig: CustomReflectable {
    /// The settings that may carry a password: shown redacted by ``customMirror``.
    static let secretSettings: Set<String> = ["mq_password", "uri"]

    /// What `dump` and the debugger show: each setting by name, `mq_password` as `***`
    /// and `uri` with its password hidden.
    public var customMirror: Mirror {
        let children = zip(settings.all, values).map { setting, value -> (label: String?, value: Any) in
            guard Self.secretSettings.contains(setting.name), !value.isBlank else { return (setting.name, value) }
            if setting.name == "uri", case .string(let text) = value { return (setting.name, URLRedaction.redacting(text)) }
            return (setting.name, URLRedaction.mask)
        }
        return Mirror(self, children: [(label: String?, value: Any)]([("profile", profile)]) + children)
    }
}
