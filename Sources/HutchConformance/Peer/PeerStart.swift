/// How starting the Ruby peer ended.
public enum PeerStart: Sendable {
    /// The peer reported `ready`; the session is open.
    case ready(PeerSession, PeerEvent)
    /// The peer reported `skipped` (the gems are missing; it exits with status 3), or
    /// could not be started, or never became ready: the cross-language checks are
    /// skipped with this reason.
    case skipped(String)
}
