/// Whether the repair policy of a broken pairing is in effect, as ``PairingCheck`` found it.
public enum RepairStatus: Sendable, Equatable {
    /// The pairing is not broken: nothing to repair.
    case notNeeded
    /// ``PairingSettings/repairAcknowledged`` is set: not checked.
    case acknowledged
    /// Every declared delay queue has a policy with a dead-letter exchange (the policies' names).
    case inEffect(policies: [String])
    /// These declared delay queues have no dead-letter exchange: their messages are dropped.
    case missing(queues: [String])
    /// It could not be checked (no management API, the API failed, no delay queue declared yet).
    case unverified(reason: String)
}
