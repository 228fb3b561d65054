/// What a live run found: every case's result (corpus column `hutch-1.3.1 (live)`), the
/// hazards assessment, and the vhosts the run used.
package struct LiveRunReport: Sendable {
    /// The results, in corpus order, for the usual console, JUnit, JSON and HTML reports.
    package var report: RunReport
    /// The broker, the Ruby pairings and the hazards.
    package var hazards: HazardReport
    /// The vhosts the run worked in.
    package var virtualHosts: [String]
    /// Whether the run created those vhosts (and deleted them again).
    package var createdVirtualHosts: Bool
    /// How the Ruby peer ran (`--ruby-peer`), `nil` without one. Its results are in ``report``.
    package var peer: PeerRunReport?
}
