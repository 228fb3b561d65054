import HutchConventions

/// A live check of one kind: runs a case against the real broker through a lane and
/// returns named checks (`live …`), each difference naming the field.
///
/// A ``CaseFileError`` means the case is malformed; any other error (the broker or
/// the management API failed) is reported by the runner as a failed `live broker` check.
protocol LiveCheck: Sendable {
    func check(_ recorded: RecordedCase, context: LiveContext) async throws -> [CaseResult.Check]
}

/// What a live check needs besides its case.
struct LiveContext: Sendable {
    /// The connection into the lane's virtual host.
    var lane: LiveLane
    /// Swift's clock and id source.
    var environment: CheckEnvironment
}
