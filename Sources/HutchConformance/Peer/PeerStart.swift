/// How starting the Ruby peer ended.
package enum PeerStart: Sendable {
    /// The peer reported `ready`; the session is open.
    case ready(PeerSession, PeerEvent)
    /// The peer reported `skipped` (the gems are missing; it exits with status 3): the
    /// cross-language checks are skipped with this reason.
    case skipped(String)
    /// The peer could not be started, exited, or never became ready: the run cannot do
    /// the cross-language checks it was asked for, and fails with this reason.
    case failed(String)
}
