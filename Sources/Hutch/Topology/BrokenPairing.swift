import HutchConventions

/// The Ruby pairing hutch-schedule 0.7.3 on Hutch ≥ 1.1.1, which declares its delay
/// queues non-durable without `x-message-ttl` or `x-dead-letter-exchange`: a message
/// sent with `enqueue_in` (or retried by MaxRetry) expires in its delay queue and is
/// dropped, never delivered.
///
/// The Swift client must declare those queues exactly as Ruby does (anything else makes
/// the broker refuse one side with 406 PRECONDITION_FAILED), so it cannot repair them by
/// declaration; it detects the pairing, says so, and offers the ``PolicyRepair``.
public struct BrokenPairing: Sendable, Equatable {
    /// The Ruby pairing.
    public var profile: VersionProfile
    /// The repair to apply to the broker.
    public var repair: PolicyRepair

    /// The broken pairing of `settings`, or `nil` when its delay queues work (Hutch
    /// 1.1.0, which declares them with their arguments) or no schedule topology is declared.
    public static func detect(_ settings: HutchClientSettings) -> BrokenPairing? {
        let profile = settings.profile
        guard settings.declareSchedule, profile.hutchScheduleLoaded, !profile.delayQueuesDeadLetter else { return nil }
        return BrokenPairing(
            profile: profile,
            repair: PolicyRepair(config: settings.topology, profile: profile, virtualHost: settings.connection.virtualHost))
    }

    /// What to tell people.
    public var explanation: String {
        "hutch-schedule 0.7.3 on Hutch \(profile.hutch) declares its delay queues without TTL or dead-letter exchange: "
            + "enqueue_in and MaxRetry messages are dropped. Repair without conflicting with Ruby's declarations: "
            + repair.rabbitmqctlCommand
    }
}
