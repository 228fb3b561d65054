import HutchConventions

/// A policy (`rabbitmqctl set_policy … --apply-to queues`) with the keys the double
/// understands.
struct PolicyEntity {
    var name: String
    /// A regular expression on queue names (checked when the policy is set).
    var pattern: String
    var priority: Int
    var deadLetterExchange: String?
    var deadLetterRoutingKey: String?
    var messageTTL: Int64?
}

extension BrokerModel {
    /// The policy that applies to queue `name`: the highest priority one whose pattern
    /// matches (RabbitMQ applies one policy per queue).
    func policy(for name: String) -> PolicyEntity? {
        policies.filter { policy in (try? Regex(policy.pattern).firstMatch(in: name)) != nil }.max { $0.priority < $1.priority }
    }

    /// The queue's dead-letter exchange: its `x-dead-letter-exchange`, else its policy's.
    func deadLetterExchange(of queue: QueueEntity) -> String? {
        queue.arguments["x-dead-letter-exchange"]?.stringValue ?? policy(for: queue.name)?.deadLetterExchange
    }

    /// The queue's dead-letter routing key: its `x-dead-letter-routing-key`, else its policy's.
    func deadLetterRoutingKey(of queue: QueueEntity) -> String? {
        queue.arguments["x-dead-letter-routing-key"]?.stringValue ?? policy(for: queue.name)?.deadLetterRoutingKey
    }

    /// The queue's message TTL: the lower of its `x-message-ttl` and its policy's.
    func messageTTL(of queue: QueueEntity) -> Int64? {
        [queue.arguments["x-message-ttl"]?.integerValue, policy(for: queue.name)?.messageTTL].compactMap { $0 }.min()
    }
}
