import HutchConventions

/// A consumer whose queue the Ruby pairing declares with less than the consumer asks
/// for: hutch-schedule 0.7 on Hutch ≥ 1.1.1 reads the queue arguments as bunny options,
/// so the queue is non-durable and its arguments are dropped (plain Hutch declares it
/// durable with them). The worker must declare what Ruby declares; it warns once per
/// consumer at start.
public struct DroppedQueueOptions: Sendable, Equatable, CustomStringConvertible {
    /// The consumer's class name.
    public var consumer: String
    /// Its queue.
    public var queue: String
    /// The Ruby pairing.
    public var profile: VersionProfile
    /// Whether the queue loses durability (plain Hutch declares it durable).
    public var durabilityDropped: Bool
    /// The arguments plain Hutch would declare and this pairing drops.
    public var droppedArguments: [String]

    /// What the pairing drops from `definition`'s queue, or `nil` when it declares the
    /// queue as plain Hutch would (or the declaration fails, which the plan reports).
    public static func check(_ definition: ConsumerDefinition, settings: HutchClientSettings) -> DroppedQueueOptions? {
        let profile = settings.profile
        guard profile.consumerQueueDeclarationStyle == .argumentsAsOptions else { return nil }
        let queue = QueueName.for(definition, namespace: settings.topology.namespace, profile: profile)
        let plain = VersionProfile(hutch: profile.hutch, hutchScheduleLoaded: false, bunny: profile.bunny)
        guard let declared = try? definition.queueDeclare(name: queue, profile: profile),
            let intended = try? definition.queueDeclare(name: queue, profile: plain)
        else { return nil }
        let kept = Set(declared.arguments.entries.map(\.key))
        let dropped = intended.arguments.entries.map(\.key).filter { !kept.contains($0) }
        let durabilityDropped = intended.durable && !declared.durable
        guard durabilityDropped || !dropped.isEmpty else { return nil }
        return DroppedQueueOptions(
            consumer: definition.className, queue: declared.queue, profile: profile, durabilityDropped: durabilityDropped,
            droppedArguments: dropped)
    }

    public var description: String {
        var lost: [String] = []
        if durabilityDropped { lost.append("non-durable (gone after a broker restart)") }
        if !droppedArguments.isEmpty { lost.append("without \(droppedArguments.joined(separator: ", "))") }
        return "consumer \(consumer): hutch-schedule 0.7 on Hutch \(profile.hutch) declares queue \(queue) "
            + lost.joined(separator: " and ")
            + "; plain Hutch declares it durable with its arguments. Declaring it the same way as Ruby."
    }
}
