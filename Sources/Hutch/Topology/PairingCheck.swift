import HutchConventions
import HutchManagement

/// Checks, and on request applies, the repair policy of a broken pairing through the
/// management API (``PairingSettings/managementURL``).
public struct PairingCheck: Sendable {
    /// The client settings (pairing, exchange, vhost, ``HutchClientSettings/pairing``).
    public var settings: HutchClientSettings

    /// A check for `settings`.
    public init(settings: HutchClientSettings) { self.settings = settings }

    /// The broken pairing, `nil` when it works.
    public var brokenPairing: BrokenPairing? { BrokenPairing.detect(settings) }

    /// Whether the repair is in effect: read from each declared delay queue's effective
    /// policy (`GET /api/queues/VHOST/NAME`).
    public func status() async -> RepairStatus {
        guard brokenPairing != nil else { return .notNeeded }
        if settings.pairing.repairAcknowledged { return .acknowledged }
        guard let api = managementAPI else {
            return .unverified(reason: "no management API configured (settings.pairing.managementURL)")
        }
        var policies: Set<String> = []
        var missing: [String] = []
        var declared = 0
        for name in delayQueueNames {
            let details: JSONObject?
            do {
                details = try await api.queue(named: name, virtualHost: settings.connection.virtualHost)
            } catch {
                return .unverified(reason: "the management API failed: \(error)")
            }
            guard let details else { continue }
            declared += 1
            if details["effective_policy_definition"]?.objectValue?["dead-letter-exchange"]?.stringValue != nil {
                policies.insert(details["policy"]?.stringValue ?? "?")
            } else {
                missing.append(name)
            }
        }
        if declared == 0 { return .unverified(reason: "no delay queue is declared yet") }
        return missing.isEmpty ? .inEffect(policies: policies.sorted()) : .missing(queues: missing)
    }

    /// Sets the repair policy (``PolicyRepair``) through the management API
    /// (`PUT /api/policies/VHOST/NAME`), as `rabbitmqctl set_policy` would.
    ///
    /// - Throws: ``PairingCheckError`` when the pairing is not broken or no management API
    ///   is configured; the management API's error (its method, URL, status and answer;
    ///   never the password) when it refuses.
    public func applyRepairPolicy() async throws {
        guard let broken = brokenPairing else { throw PairingCheckError.notBroken(profile: settings.profile) }
        guard let api = managementAPI else { throw PairingCheckError.noManagementAPI(repair: broken.repair) }
        let repair = broken.repair
        let definition = JSONObject([
            ("dead-letter-exchange", .string(repair.deadLetterExchange)), ("message-ttl", .integer(JSONInteger(repair.messageTTL)))
        ])
        try await api.putPolicy(
            BrokerPolicy(name: repair.name, pattern: repair.pattern, definition: definition, applyTo: "queues"),
            virtualHost: repair.virtualHost)
    }

    /// The management API at ``PairingSettings/managementURL``, with the connection's credentials.
    private var managementAPI: ManagementAPI? {
        settings.pairing.managementURL.map {
            ManagementAPI(baseURL: $0, username: settings.connection.username, password: settings.connection.password)
        }
    }

    private var delayQueueNames: [String] {
        DelayLevel.all.map { $0.delayQueueName(config: settings.topology, profile: settings.profile) }
    }
}

/// Why ``PairingCheck/applyRepairPolicy()`` did nothing.
public enum PairingCheckError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configured pairing declares working delay queues: no policy is needed.
    case notBroken(profile: VersionProfile)
    /// ``PairingSettings/managementURL`` is not set; the repair can be applied by hand.
    case noManagementAPI(repair: PolicyRepair)

    public var description: String {
        switch self {
        case .notBroken(let profile):
            "the pairing Hutch \(profile.hutch)\(profile.hutchScheduleLoaded ? " + hutch-schedule" : "") declares working delay queues: no repair policy is needed"
        case .noManagementAPI(let repair):
            "cannot apply the repair policy: settings.pairing.managementURL is not set; apply it by hand: \(repair.rabbitmqctlCommand)"
        }
    }
}
