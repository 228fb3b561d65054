import HutchAMQP
import HutchConventions

/// The broker refused a `queue.declare` with 406 PRECONDITION_FAILED because the queue
/// exists with other properties: usually a Ruby service of another pairing than
/// ``HutchClientSettings/profile`` declared it first. Says which property differs, both
/// values, and which Ruby pairing declares it that way.
public struct QueueDeclarationMismatch: Error, Sendable, CustomStringConvertible {
    /// The queue.
    public var queue: String
    /// The differing property as RabbitMQ names it (`durable`, `x-message-ttl`, …).
    public var argument: String
    /// What the existing queue has, as RabbitMQ prints it.
    public var existing: String
    /// What this profile declares, as RabbitMQ prints it.
    public var declared: String
    /// The configured Ruby pairing.
    public var profile: VersionProfile
    /// The broker's refusal.
    public var underlying: AMQPError

    /// The mismatch `error` reports for `declare`, or `nil` when it is not an
    /// inequivalent-argument refusal of that queue.
    init?(_ error: AMQPError, declare: QueueDeclare, profile: VersionProfile) {
        guard error.code == .preconditionFailed, let found = error.inequivalentArgument, found.resourceKind == "queue",
            found.resourceName == declare.queue
        else { return nil }
        self.queue = declare.queue
        self.argument = found.argument
        self.existing = found.current
        self.declared = found.received
        self.profile = profile
        self.underlying = error
    }

    private var configured: String {
        "Hutch \(profile.hutch)" + (profile.hutchScheduleLoaded ? " + hutch-schedule 0.7" : "")
    }

    /// Which Ruby side declares the queue the existing way.
    private var hint: String {
        let delay = queue.contains("_delay_queue_")
        switch (argument, existing.contains("true")) {
        case ("durable", true):
            return delay
                ? "is the Ruby side hutch-schedule 0.7 on Hutch 1.1.0 or older (durable delay queues with TTL and dead-letter exchange)?"
                : "is the Ruby side plain Hutch (or Hutch 1.1.0 or older with hutch-schedule)?"
        case ("durable", false):
            return "is the Ruby side hutch-schedule 0.7 on Hutch 1.1.1 or newer (which declares its queues non-durable)?"
        default:
            return
                "set the profile to the Ruby pairing that declared it (plain Hutch keeps queue arguments; hutch-schedule 0.7 on Hutch 1.1.1 or newer drops them)"
        }
    }

    public var description: String {
        if argument == "durable" {
            let existingDurable = existing.contains("true")
            return "Ruby declared `\(queue)` \(existingDurable ? "durable" : "non-durable"); this profile (\(configured)) declares it "
                + "\(existingDurable ? "non-durable" : "durable"): \(hint) (RabbitMQ: 406 PRECONDITION_FAILED)"
        }
        return "`\(queue)` exists with \(argument) \(existing); this profile (\(configured)) declares \(declared): \(hint) "
            + "(RabbitMQ: 406 PRECONDITION_FAILED)"
    }
}
