import HutchConventions

/// The Ruby set-up a peer process runs for a case: the case's `input.config` as its
/// `Hutch::Config` (`mq_exchange`, `namespace`, …; connection settings excepted — the
/// run gives those), and the case's hutch-schedule setting (`input.hutch_schedule_loaded`;
/// absent: the peer loads hutch-schedule when it is available).
struct PeerSetup: Hashable, Sendable {
    /// The settings the peer takes from the case.
    var config: JSONObject
    /// Whether the peer loads hutch-schedule; `nil` lets it decide.
    var hutchSchedule: Bool?

    /// Settings about the connection: the run's own, never a case's.
    static let connectionSettings: Set<String> = [
        "uri", "mq_host", "mq_port", "mq_vhost", "mq_username", "mq_password", "mq_tls", "mq_tls_cert", "mq_tls_key",
        "mq_tls_ca_certificates", "mq_verify_peer", "mq_api_host", "mq_api_port", "mq_api_ssl", "heartbeat",
        "connection_timeout", "read_timeout", "write_timeout", "enable_http_api_use"
    ]

    /// The set-up `recorded` needs.
    init(_ recorded: RecordedCase) {
        var config = JSONObject()
        for (key, value) in recorded.input["config"]?.objectValue?.pairs ?? [] where !Self.connectionSettings.contains(key) {
            _ = config.updateValue(value, forKey: key)
        }
        self.config = config
        self.hutchSchedule = recorded.input["hutch_schedule_loaded"]?.boolValue
    }

    /// The connection settings a case sets, which the peer does not follow.
    static func ignoredSettings(_ recorded: RecordedCase) -> [String] {
        (recorded.input["config"]?.objectValue?.keys ?? []).filter(connectionSettings.contains)
    }

    /// The cross-language spec with this set-up.
    var spec: PeerSpec {
        var spec = PeerSpec.crossLanguage
        spec.config = config
        spec.hutchSchedule = hutchSchedule
        return spec
    }

    static func == (lhs: PeerSetup, rhs: PeerSetup) -> Bool {
        lhs.config == rhs.config && lhs.hutchSchedule == rhs.hutchSchedule
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine((try? RubyJSON.generateString(.object(config))) ?? "")
        hasher.combine(hutchSchedule)
    }
}
