import HutchAMQP
import HutchConventions

/// Before a run in an existing vhost: the queues it would declare, delete or consume
/// from that already exist — any queue a case names, and any hutch-schedule delay
/// queue (`*_delay_queue_<n>s`). The run refuses to touch them unless allowed.
enum LivePreflight {
    /// Every queue name the cases would use.
    static func queueNames(_ cases: [RecordedCase], environment: CheckEnvironment) -> Set<String> {
        var names = Set<String>()
        var exchanges: Set<String> = ["hutch"]
        for recorded in cases {
            if recorded.kind == "topology", let (plan, config, ruby) = try? TopologyChecker.inputs(recorded, environment: environment) {
                exchanges.insert(config.mqExchange)
                for method in plan.declarations + ruby {
                    if case .queueDeclare(let declare) = method { names.insert(declare.queue) }
                }
            }
            if recorded.kind == "consume", let setup = try? ConsumeSetup(recorded),
                let config = try? RecordedInputs.topologyConfig(
                    try recorded.inputReader.optionalObject("config"), profile: recorded.profile)
            {
                exchanges.insert(config.mqExchange)
                let plan = TopologyPlan(profile: recorded.profile, config: config, schedule: true, consumers: [setup.definition])
                names.formUnion(plan.consumerQueues)
            }
        }
        for exchange in exchanges {
            for level in DelayLevel.all { names.insert(level.queueName(exchange: exchange)) }
        }
        names.remove("")
        return names
    }

    /// Whether a queue name looks like a hutch-schedule delay queue.
    static func isDelayQueue(_ name: String) -> Bool {
        name.contains(#/_delay_queue_\d+s$/#)
    }

    /// The queues of `names` that exist in the lane's vhost, plus (with the management
    /// API) any delay queue there.
    static func existingQueues(_ names: Set<String>, lane: LiveLane) async -> [String] {
        if let management = lane.management, let listed = try? await management.queueNames(virtualHost: lane.virtualHost) {
            return listed.filter { names.contains($0) || isDelayQueue($0) }.sorted()
        }
        guard var channel = try? await lane.channel() else { return [] }
        var found: [String] = []
        for name in names.sorted() {
            do throws(AMQPError) {
                try await lane.connection.declare(.queueDeclare(QueueDeclare(queue: name, passive: true)), on: channel)
                found.append(name)
            } catch {
                guard let reopened = try? await lane.channel() else { break }
                channel = reopened
            }
        }
        try? await lane.connection.closeChannel(channel)
        return found
    }
}
