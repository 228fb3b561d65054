import HutchAMQP
import HutchConventions

/// A consumer asks for a quorum queue (`quorum_queue`, `arguments "x-queue-type" =>
/// "quorum"` or `queue_options type: "quorum"`), but the queue the Ruby pairing declares
/// for it is not one that works.
///
/// Two ways:
/// - ``Problem-swift.enum/argumentsDropped``: hutch-schedule 0.7.3 on Hutch ≥ 1.1.1 passes
///   the consumer's arguments to bunny as options, so the queue is declared non-durable
///   without arguments — a classic queue on one node, gone when that node goes. The
///   worker must declare what Ruby declares, so it logs this at start (as an error) and
///   goes on; plain Hutch, or Hutch 1.1.0 with hutch-schedule, keeps the arguments.
/// - ``Problem-swift.enum/brokerRefuses(property:)``: the declaration asks for a quorum
///   queue that is non-durable (`queue_options durable: false`), exclusive or
///   auto-delete, which RabbitMQ refuses with 406 PRECONDITION_FAILED (`invalid property
///   'non-durable'`, `'exclusive-owner'`, `'auto-delete'`). ``TopologyDeclarer`` throws
///   this before sending anything.
public struct QuorumQueueConflict: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// The pairing drops the consumer's queue arguments: no quorum queue.
        case argumentsDropped
        /// RabbitMQ refuses a quorum queue with this property (`non-durable`,
        /// `exclusive-owner` or `auto-delete`, as its error names it).
        case brokerRefuses(property: String)
    }

    /// The consumer's class name.
    public var consumer: String
    /// Its queue.
    public var queue: String
    /// The Ruby pairing.
    public var profile: VersionProfile
    /// What is wrong.
    public var problem: Problem

    /// Creates a conflict.
    public init(consumer: String, queue: String, profile: VersionProfile, problem: Problem) {
        self.consumer = consumer
        self.queue = queue
        self.profile = profile
        self.problem = problem
    }

    /// The conflict of `definition`'s queue under `settings`, or `nil` when it does not
    /// ask for a quorum queue or gets a valid one (or when its declaration fails for
    /// another reason, which the plan reports).
    public static func check(_ definition: ConsumerDefinition, settings: HutchClientSettings) -> QuorumQueueConflict? {
        guard asksForQuorum(definition) else { return nil }
        let profile = settings.profile
        let queue = QueueName.for(definition, namespace: settings.topology.namespace, profile: profile)
        guard let declare = try? definition.queueDeclare(name: queue, profile: profile) else { return nil }
        func conflict(_ problem: Problem) -> QuorumQueueConflict {
            QuorumQueueConflict(consumer: definition.className, queue: declare.queue, profile: profile, problem: problem)
        }
        guard declare.arguments["x-queue-type"] == .string("quorum") else { return conflict(.argumentsDropped) }
        if !declare.durable { return conflict(.brokerRefuses(property: "non-durable")) }
        if declare.exclusive { return conflict(.brokerRefuses(property: "exclusive-owner")) }
        if declare.autoDelete { return conflict(.brokerRefuses(property: "auto-delete")) }
        return nil
    }

    /// Whether the DSL asks for a quorum queue, however it says so.
    static func asksForQuorum(_ definition: ConsumerDefinition) -> Bool {
        definition.quorumQueue != nil || definition.arguments["x-queue-type"] == .string("quorum")
            || definition.queueOptions?["type"] == .string("quorum")
    }

    public var description: String {
        switch problem {
        case .argumentsDropped:
            "consumer \(consumer) asks for a quorum queue, but Hutch \(profile.hutch) with hutch-schedule passes queue arguments "
                + "as options: queue \(queue) is declared non-durable without arguments, a classic queue on one node that does not "
                + "survive that node's loss (plain Hutch, or Hutch 1.1.0 with hutch-schedule, keeps the arguments)"
        case .brokerRefuses(let property):
            "consumer \(consumer): queue \(queue) is declared as a quorum queue that is \(property) (quorum queues must be durable, "
                + "not exclusive, not auto-delete); RabbitMQ refuses it with 406 PRECONDITION_FAILED invalid property '\(property)'"
        }
    }
}
