/// What a live run found: every case's result (corpus column `hutch-1.3.1 (live)`), the
/// hazards assessment, and the vhosts the run used.
public struct LiveRunReport: Sendable {
    /// The results, in corpus order, for the usual console, JUnit, JSON and HTML reports.
    public var report: RunReport
    /// The broker, the Ruby pairings and the hazards.
    public var hazards: HazardReport
    /// The vhosts the run worked in.
    public var virtualHosts: [String]
    /// Whether the run created those vhosts (and deleted them again).
    public var createdVirtualHosts: Bool
    /// How the Ruby peer ran (`--ruby-peer`), `nil` without one. Its results are in ``report``.
    public var peer: PeerRunReport?
}
