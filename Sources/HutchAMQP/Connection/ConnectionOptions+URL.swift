extension ConnectionOptions {
    /// Options from an `amqp://` or `amqps://` URL, following RabbitMQ's URI specification
    /// (<https://www.rabbitmq.com/docs/uri-spec>) plus its common query parameters.
    ///
    /// `amqp[s]://[user[:password]@][host][:port][/vhost][?key=value&…]`
    ///
    /// - User, password, host, vhost and query values are percent-decoded (`%2F` is `/`).
    /// - No path, or the path `/`, selects the vhost `/` (as bunny and most clients do;
    ///   the strict specification would read `/` as the empty vhost). A vhost with a
    ///   literal `/` must be written `%2F`; a second unescaped `/` is an error.
    /// - `amqps` turns TLS on (peer and host name verified) and defaults the port to 5671.
    /// - Query keys: `heartbeat` (seconds), `frame_max`, `channel_max`,
    ///   `connection_timeout` (milliseconds), `connection_name`, `cacertfile`, `certfile`,
    ///   `keyfile` and `verify` (`verify_peer` or `verify_none`, which also skips the host
    ///   name check). Unknown keys are ignored; a known key with a bad value is an error.
    ///
    /// Hutch's own configuration rules (`mq_host`, `mq_api_*`, …) are not applied here.
    package init(url: String) throws(AMQPError) {
        func fail(_ why: String) -> AMQPError {
            AMQPError(code: .invalidURL, operation: .parseURL, detail: why)
        }
        guard let schemeEnd = url.range(of: "://") else { throw fail("no scheme: expected amqp:// or amqps://") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "amqp" || scheme == "amqps" else { throw fail("scheme \(scheme) is not amqp or amqps") }
        var rest = url[schemeEnd.upperBound...]
        // An unescaped `/`, `?` or `#` in the password ends the authority early, and the
        // rest of the password is read as port or vhost: such errors must not echo it.
        // An `@` after that end is taken for the user info's own (as URLRedaction reads
        // it), also when an `@` before it (one in the password) gave a host and port.
        let splitUserInfo = rest.firstIndex(where: { "/?#".contains($0) }).map { rest[$0...].contains("@") } ?? false
        let splitUserInfoError = fail(
            "the user info holds an unescaped '/', '?' or '#': percent-encode them in the user name and password (%2F, %3F, %23)")
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var authority = rest
        self.init(tls: scheme == "amqps" ? TLSOptions() : nil)

        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                username = try Self.percentDecoded(userInfo[..<colon], what: "username")
                password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...], what: "password")
            } else {
                username = try Self.percentDecoded(userInfo, what: "username")
            }
        }
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("unterminated IPv6 address") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = try Self.percentDecoded(authority[..<colon], what: "host")
            portText = authority[authority.index(after: colon)...]
        } else {
            host = try Self.percentDecoded(authority, what: "host")
        }
        if host.isEmpty { host = "localhost" }
        if let portText, !portText.isEmpty {
            guard let number = Int(portText), (1...65535).contains(number) else {
                if splitUserInfo { throw splitUserInfoError }
                // Only digits are echoed: other text here may be part of a mistyped password.
                let shown = portText.allSatisfy(\.isASCII) && portText.allSatisfy(\.isNumber) ? "port \(portText)" : "the port"
                throw fail("\(shown) is not a number from 1 to 65535")
            }
            port = number
        }
        if let path, !path.isEmpty {
            guard !path.contains("/") else {
                if splitUserInfo { throw splitUserInfoError }
                throw fail("vhost \(path) has an unescaped '/': write it as %2F")
            }
            virtualHost = try Self.percentDecoded(path, what: "vhost")
        }
        if let query {
            for pair in query.split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = try Self.percentDecoded(parts[0], what: "query key")
                let value = parts.count > 1 ? try Self.percentDecoded(parts[1], what: "query value of \(key)") : ""
                try apply(queryKey: key, value: value)
            }
        }
    }

    private mutating func apply(queryKey key: String, value: String) throws(AMQPError) {
        func number<T: FixedWidthInteger>(_: T.Type) throws(AMQPError) -> T {
            guard let parsed = T(value) else {
                throw AMQPError(
                    code: .invalidURL, operation: .parseURL,
                    detail: "query parameter \(key)=\(value) is not a number from \(T.min) to \(T.max)")
            }
            return parsed
        }
        switch key {
        case "heartbeat": heartbeat = try number(UInt16.self)
        case "frame_max": frameMax = try number(UInt32.self)
        case "channel_max": channelMax = try number(UInt16.self)
        case "connection_timeout": connectTimeout = .milliseconds(try number(UInt32.self))
        case "connection_name": connectionName = value
        case "cacertfile": tls?.caCertificateFile = value
        case "certfile": tls?.clientCertificateFile = value
        case "keyfile": tls?.clientKeyFile = value
        case "verify":
            switch value {
            case "verify_peer":
                tls?.verifyPeer = true
                tls?.verifyHostname = true
            case "verify_none":
                tls?.verifyPeer = false
                tls?.verifyHostname = false
            default:
                throw AMQPError(
                    code: .invalidURL, operation: .parseURL,
                    detail: "query parameter verify=\(value) is not verify_peer or verify_none")
            }
        default: break
        }
    }

    /// `text` with `%XX` escapes decoded; the result must be UTF-8.
    static func percentDecoded(_ text: Substring, what: String) throws(AMQPError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        func hexValue(_ byte: UInt8?) -> UInt8? {
            switch byte {
            case let b? where (0x30...0x39).contains(b): b - 0x30
            case let b? where (0x41...0x46).contains(b): b - 0x41 + 10
            case let b? where (0x61...0x66).contains(b): b - 0x61 + 10
            default: nil
            }
        }
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = hexValue(iterator.next()), let low = hexValue(iterator.next()) else {
                throw AMQPError(code: .invalidURL, operation: .parseURL, detail: "bad percent escape in the \(what)")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw AMQPError(code: .invalidURL, operation: .parseURL, detail: "the \(what) is not UTF-8 after decoding")
        }
        return decoded
    }
}
