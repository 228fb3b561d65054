import HutchConformance

/// What the client does about a broken Ruby pairing (``BrokenPairing``) and its repair
/// policy (``PolicyRepair``).
///
/// ```swift
/// settings.pairing.managementAPI = ManagementAPI(baseURL: "http://127.0.0.1:15672", username: "guest", password: "guest")
/// settings.pairing.applyRepairPolicy = true   // set the policy at start when it is missing
/// ```
public struct PairingSettings: Sendable {
    /// Where the worker and publisher check (and, with ``applyRepairPolicy``, set) the
    /// repair policy; `nil` (the default): the policy cannot be seen, and the broken
    /// pairing is reported as unverified, once, at warning level.
    public var managementAPI: ManagementAPI?
    /// The repair policy is known to be in effect (set by hand, or the loss accepted): the
    /// broken pairing is mentioned once at info level and not checked.
    public var repairAcknowledged: Bool
    /// Set the repair policy through ``managementAPI`` when the worker starts (or before the
    /// publisher's first `enqueueIn`) on a broken pairing. Off by default: the client does
    /// not change broker policies unless asked.
    public var applyRepairPolicy: Bool

    /// No management API, nothing acknowledged, nothing applied.
    public init(managementAPI: ManagementAPI? = nil, repairAcknowledged: Bool = false, applyRepairPolicy: Bool = false) {
        self.managementAPI = managementAPI
        self.repairAcknowledged = repairAcknowledged
        self.applyRepairPolicy = applyRepairPolicy
    }
}
