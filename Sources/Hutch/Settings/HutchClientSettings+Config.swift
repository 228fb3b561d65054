import HutchAMQP
import HutchConventions

extension HutchClientSettings {
    /// Reads Hutch's configuration as a Ruby process would (defaults, `HUTCH_*`
    /// variables, YAML text, then `uri`; see `HutchConfig.load(env:yaml:uri:profile:)`)
    /// and maps it with ``init(load:)``; then reads the Swift-side
    /// `HUTCH_SWIFT_FAILOVER_HOSTS` (``failoverAddresses``: `host[:port],…`, a missing port
    /// is `mq_port`'s) from `env`.
    ///
    /// - Throws: ``HutchClientSettingsError`` for a setting the client cannot use,
    ///   including an entry of `HUTCH_SWIFT_FAILOVER_HOSTS` that is not `host[:port]`.
    public static func load(
        env: [String: String] = [:], yaml: String? = nil, uri: String? = nil, profile: VersionProfile
    ) throws -> HutchClientSettings {
        var settings = try HutchClientSettings(load: HutchConfig.load(env: env, yaml: yaml, uri: uri, profile: profile))
        if let hosts = env[failoverHostsVariable] {
            settings.failoverAddresses = try failoverAddresses(parsing: hosts, defaultPort: settings.connection.port)
        }
        return settings
    }

    /// The environment variable of ``failoverAddresses``; a Swift-side name that no Hutch
    /// setting maps to.
    public static let failoverHostsVariable = "HUTCH_SWIFT_FAILOVER_HOSTS"

    /// The addresses of a comma-separated `host[:port]` list; blank entries are skipped.
    static func failoverAddresses(parsing list: String, defaultPort: Int) throws(HutchClientSettingsError) -> [BrokerAddress] {
        var addresses: [BrokerAddress] = []
        for entry in list.split(separator: ",") where !entry.allSatisfy(\.isWhitespace) {
            do { addresses.append(try BrokerAddress(parsing: String(entry), defaultPort: defaultPort)) } catch {
                throw HutchClientSettingsError(
                    setting: failoverHostsVariable, expected: "a comma-separated list of host[:port]", found: error.description)
            }
        }
        return addresses
    }

    /// Maps a loaded `Hutch::Config` to client settings.
    ///
    /// Mirrors what Hutch hands to bunny: `mq_host`, `mq_port`, `mq_vhost` (taken as
    /// Hutch derived it — Hutch does not percent-decode a URI's vhost, so neither does
    /// this), `mq_username` / `mq_password` (`nil` is bunny's `guest`), `heartbeat`,
    /// `connection_timeout`, `connection_name` and `mq_client_properties` (Hutch ≥ 1.3);
    /// with `mq_tls`: TLS with `mq_tls_ca_certificates` (the first file: librabbitmq takes
    /// one CA file), `mq_tls_cert` and `mq_tls_key` (file paths; bunny also accepts PEM
    /// text, this client does not), and `mq_verify_peer` for both chain and host-name
    /// verification. Topology settings, `group`, `consumer_groups`,
    /// `graceful_exit_timeout`, `publisher_confirms` / `force_publisher_confirms`, and the
    /// pool size (hutch-schedule's `worker_pool_size`, else `consumer_pool_size`) map to
    /// the fields of the same meaning.
    ///
    /// - Throws: ``HutchClientSettingsError`` when a setting holds a value of a type the
    ///   client cannot use (a YAML list as `mq_host`, …), or `uri` has an `@` outside its
    ///   user information, where Ruby's Hutch would log part of the password.
    public init(load: HutchConfigLoad) throws(HutchClientSettingsError) {
        let config = load.config
        let parameters = load.connection
        let profile = config.profile
        let reader = SettingReader(config: config)
        try Self.checkUserInformation(ofURI: config["uri"])

        var connection = ConnectionOptions(
            host: try SettingReader.string(parameters.host, "mq_host") ?? "127.0.0.1",
            port: try SettingReader.int(parameters.port, "mq_port"),
            virtualHost: try SettingReader.string(parameters.vhost, "mq_vhost") ?? "/",
            username: try SettingReader.string(parameters.username, "mq_username") ?? "guest",
            password: try SettingReader.string(parameters.password, "mq_password") ?? "guest")
        if parameters.tls.isTruthy {
            let verify = config["mq_verify_peer"]?.isTruthy ?? true
            connection.tls = TLSOptions(
                caCertificateFile: try reader.caFile(), clientCertificateFile: try reader.string("mq_tls_cert"),
                clientKeyFile: try reader.string("mq_tls_key"), verifyPeer: verify, verifyHostname: verify)
        }
        if let heartbeat = try reader.int("heartbeat") { connection.heartbeat = UInt16(clamping: max(heartbeat, 0)) }
        if let timeout = try reader.int("connection_timeout"), timeout > 0 { connection.connectTimeout = .seconds(timeout) }
        connection.connectionName = try reader.string("connection_name")
        connection.clientProperties = try reader.clientProperties()

        self.init(connection: connection, profile: profile)
        self.sanitizedURI = parameters.sanitizedURI
        topology.mqExchange = try reader.string("mq_exchange") ?? "hutch"
        topology.mqExchangeType = try reader.string("mq_exchange_type") ?? "topic"
        if case .object(let options)? = config["mq_exchange_options"]?.jsonValue { topology.mqExchangeOptions = options }
        topology.namespace = try reader.string("namespace")
        topology.channelPrefetch = try reader.int("channel_prefetch")
        topology.consumerTagPrefix = try reader.string("consumer_tag_prefix") ?? "hutch"
        if let group = try reader.string("group"), !HutchConfigValue.string(group).isBlank { self.group = group }
        self.consumerGroups = try reader.consumerGroups()
        if let seconds = try reader.int("graceful_exit_timeout") { gracefulExitTimeout = .seconds(max(seconds, 0)) }
        publisherConfirms =
            (config["publisher_confirms"]?.isTruthy ?? false)
            || (config["force_publisher_confirms"]?.isTruthy ?? false)
        let pool = profile.hutchScheduleLoaded ? try reader.int("worker_pool_size") : try reader.int("consumer_pool_size")
        if let pool { concurrency = max(pool, 1) }
    }
}

/// A `Hutch::Config` setting holds a value the Swift client cannot use.
public struct HutchClientSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting's name (`"mq_host"`).
    public var setting: String
    /// What the client expected (`"a String"`).
    public var expected: String
    /// What it found, as Ruby's `inspect` prints it (a password is never shown).
    public var found: String

    /// Creates an error.
    public init(setting: String, expected: String, found: String) {
        self.setting = setting
        self.expected = expected
        self.found = found
    }

    public var description: String { "setting \(setting): expected \(expected), found \(found)" }
}

/// Typed reads of `Hutch::Config` values.
struct SettingReader {
    let config: HutchConfig

    static func fail(_ name: String, _ expected: String, _ value: HutchConfigValue) -> HutchClientSettingsError {
        let shown = name == "mq_password" ? "a \(value.rubyClassName)" : value.rubyInspect
        return HutchClientSettingsError(setting: name, expected: expected, found: shown)
    }

    static func string(_ value: HutchConfigValue, _ name: String) throws(HutchClientSettingsError) -> String? {
        switch value {
        case .nil: nil
        case .string(let text), .symbol(let text): text
        case .integer, .float, .bool: value.rubyToS
        default: throw fail(name, "a String", value)
        }
    }

    static func int(_ value: HutchConfigValue, _ name: String) throws(HutchClientSettingsError) -> Int? {
        switch value {
        case .nil: return nil
        case .integer(let integer):
            guard let value = integer.int64, let int = Int(exactly: value) else { throw fail(name, "an Integer", .integer(integer)) }
            return int
        case .float(let number) where number.isFinite: return Int(number)
        case .string(let text): return Int(text.trimmingPrefix(while: { $0 == " " })) ?? 0
        default: throw fail(name, "an Integer", value)
        }
    }

    func string(_ name: String) throws(HutchClientSettingsError) -> String? {
        try Self.string(config[name] ?? .nil, name)
    }

    func int(_ name: String) throws(HutchClientSettingsError) -> Int? {
        try Self.int(config[name] ?? .nil, name)
    }

    func caFile() throws(HutchClientSettingsError) -> String? {
        switch config["mq_tls_ca_certificates"] ?? .nil {
        case .array(let files):
            try files.first.flatMap { value throws(HutchClientSettingsError) in try Self.string(value, "mq_tls_ca_certificates") }
        case let other: try Self.string(other, "mq_tls_ca_certificates")
        }
    }

    func clientProperties() throws(HutchClientSettingsError) -> FieldTable {
        guard case .hash(let pairs)? = config["mq_client_properties"] else { return FieldTable() }
        var table = FieldTable()
        for pair in pairs {
            let key = pair.key.rubyToS
            switch pair.value {
            case .bool(let flag): table.set(key, .boolean(flag))
            case .integer(let integer): table.set(key, .int64(integer.int64 ?? 0))
            case .nil: continue
            default: table.set(key, .string(pair.value.rubyToS))
            }
        }
        return table
    }

    func consumerGroups() throws(HutchClientSettingsError) -> [String: [String]] {
        guard case .hash(let pairs)? = config["consumer_groups"] else { return [:] }
        var groups: [String: [String]] = [:]
        for pair in pairs {
            guard case .array(let names) = pair.value else {
                throw Self.fail("consumer_groups", "a Hash of group name to consumer class names", pair.value)
            }
            groups[pair.key.rubyToS] = names.map(\.rubyToS)
        }
        return groups
    }
}
