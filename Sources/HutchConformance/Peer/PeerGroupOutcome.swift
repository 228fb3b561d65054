/// Why a case cannot be exchanged with the peer.
struct PeerObstacle: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// How a group's run with one peer ended.
enum PeerGroupOutcome {
    case checked(version: String, [Int: [CaseResult.Check]])
    case skipped(String)
    case failed(String)
}
