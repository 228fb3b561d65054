/// One broker to connect to: a host and a port (credentials, virtual host and TLS come
/// from ``HutchClientSettings/connection`` and are the same for every address).
public struct BrokerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address.
    public var host: String
    /// The AMQP port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host`, `host:port`, `[IPv6]` or `[IPv6]:port`; a missing port is `defaultPort`.
    ///
    /// - Throws: ``BrokerAddressError`` for an empty host, a port that is not a number in
    ///   1…65535, an unclosed `[`, or a URL or user information (`amqp://…`, `user:secret@host`):
    ///   credentials come from the connection settings, and such an entry's text before
    ///   its last `@` is not kept in the error (it may hold a password).
    public init(parsing text: String, defaultPort: Int) throws(BrokerAddressError) {
        let trimmed = text.trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        let entry = String(trimmed)
        if let at = entry.lastIndex(of: "@") {
            throw BrokerAddressError(
                entry: "***@" + entry[entry.index(after: at)...],
                problem: "user information (user:password@), which comes from the connection settings, not the address list")
        }
        if entry.contains("/") || entry.contains(where: \.isWhitespace) {
            throw BrokerAddressError(entry: text, problem: "a URL or a host with / or spaces, not a host name or address")
        }
        var host = entry
        var portText: Substring?
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { throw BrokerAddressError(entry: text, problem: "no closing ]") }
            host = String(entry[entry.index(after: entry.startIndex)..<close])
            let rest = entry[entry.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw BrokerAddressError(entry: text, problem: "text after ] that is not :port") }
                portText = rest.dropFirst()
            }
        } else if let colon = entry.lastIndex(of: ":"), entry.firstIndex(of: ":") == colon {
            host = String(entry[..<colon])
            portText = entry[entry.index(after: colon)...]
        }
        guard !host.isEmpty else { throw BrokerAddressError(entry: text, problem: "no host") }
        var port = defaultPort
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw BrokerAddressError(entry: text, problem: "port \"\(portText)\" is not a number in 1...65535")
            }
            port = parsed
        }
        self.init(host: host, port: port)
    }

    /// `host:port` (`[host]:port` for an IPv6 address).
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A broker address list entry that is not `host[:port]`.
public struct BrokerAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The entry as given.
    public var entry: String
    /// What is wrong with it.
    public var problem: String

    /// Creates an error.
    public init(entry: String, problem: String) {
        self.entry = entry
        self.problem = problem
    }

    public var description: String { "broker address \"\(entry)\": expected host[:port], \(problem)" }
}
