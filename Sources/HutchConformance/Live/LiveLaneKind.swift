/// How a case is run live. Cases of one corpus and lane run one after the other in one
/// vhost; different lanes get their own vhosts and run side by side.
enum LiveLaneKind: String, Sendable, CaseIterable {
    /// Fast cases: topology, publishing, consume without delay, single retry steps.
    case cases
    /// `consume` cases delivered through a real delay queue (`enqueue_in`).
    case delay
    /// Cases of an end-to-end MaxRetry chain (`input.chain`).
    case chain

    /// The lane of a case, or `nil` for kinds with no broker behaviour.
    static func of(_ recorded: RecordedCase) -> LiveLaneKind? {
        if LiveChain.chainID(recorded) != nil { return .chain }
        switch recorded.kind {
        case "consume":
            return recorded.input["delivered_via"]?.stringValue == "enqueue_in" ? .delay : .cases
        case "topology", "retry", "publish", "enqueue", "enqueue_in", "enqueue_at":
            return .cases
        default:
            return nil
        }
    }

    /// The live check of a case in the `cases` or `delay` lane.
    static func check(for recorded: RecordedCase) -> (any LiveCheck)? {
        switch recorded.kind {
        case "topology": LiveTopologyCheck()
        case "retry": LiveRetryCheck()
        case "consume": recorded.input["delivered_via"]?.stringValue == "enqueue_in" ? LiveDelayCheck() : LiveConsumeCheck()
        case let kind where PublishChecker.kinds.contains(kind): LivePublishCheck(kind: kind)
        default: nil
        }
    }
}
