import HutchConventions

extension ConnectionOptions: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `amqp(s)://user@host:port/vhost` — never the password.
    public var description: String {
        let scheme = tls == nil ? "amqp" : "amqps"
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(username)@\(shownHost):\(port)/\(virtualHost == "/" ? "" : virtualHost)"
    }

    /// Every option, the password as `***`.
    public var debugDescription: String {
        "ConnectionOptions(\(description), password: \(URLRedaction.mask), tls: \(tls.map { "\($0)" } ?? "nil"), "
            + "heartbeat: \(heartbeat), frameMax: \(frameMax), channelMax: \(channelMax), "
            + "connectionName: \(connectionName ?? "nil"), connectTimeout: \(connectTimeout), rpcTimeout: \(rpcTimeout))"
    }

    /// What `dump` and the debugger show: every option, the password as `***`.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "virtualHost": virtualHost, "username": username,
                "password": URLRedaction.mask, "tls": tls as Any, "heartbeat": heartbeat, "frameMax": frameMax,
                "channelMax": channelMax, "connectionName": connectionName as Any, "clientProperties": clientProperties,
                "connectTimeout": connectTimeout, "rpcTimeout": rpcTimeout
            ])
    }
}
