/// What the client does about a broken Ruby pairing (``BrokenPairing``) and its repair
/// policy (``PolicyRepair``).
///
/// ```swift
/// settings.pairing.managementURL = "http://127.0.0.1:15672"
/// settings.pairing.applyRepairPolicy = true   // set the policy at start when it is missing
/// ```
public struct PairingSettings: Sendable {
    /// RabbitMQ's management HTTP API (`http://host:15672`, Hutch's `mq_api_host` and
    /// `mq_api_port`), where the worker and publisher check (and, with
    /// ``applyRepairPolicy``, set) the repair policy. It is called with the connection's
    /// username and password, as Hutch calls it. `nil` (the default): the policy cannot be
    /// seen, and the broken pairing is reported as unverified, once, at warning level.
    public var managementURL: String?
    /// The repair policy is known to be in effect (set by hand, or the loss accepted): the
    /// broken pairing is mentioned once at info level and not checked.
    public var repairAcknowledged: Bool
    /// Set the repair policy through ``managementURL`` when the worker starts (or after
    /// the publisher's first `enqueueIn`) on a broken pairing. Off by default: the client
    /// does not change broker policies unless asked.
    public var applyRepairPolicy: Bool

    /// No management API, nothing acknowledged, nothing applied.
    public init(managementURL: String? = nil, repairAcknowledged: Bool = false, applyRepairPolicy: Bool = false) {
        self.managementURL = managementURL
        self.repairAcknowledged = repairAcknowledged
        self.applyRepairPolicy = applyRepairPolicy
    }
}
