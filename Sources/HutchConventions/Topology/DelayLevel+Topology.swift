extension DelayLevel {
    /// The x-message-ttl hutch-schedule 0.7.3 gives its delay queues, `30.days.in_milliseconds`.
    package static let delayQueueMessageTTL: Int64 = 2_592_000_000

    /// The name this level's delay queue is declared with: `"<mq_exchange>_delay_queue_<N>s"`,
    /// namespaced while `Broker#queue` adds the namespace (Hutch < 1.4.0).
    package func delayQueueName(config: TopologyConfig, profile: VersionProfile) -> String {
        let name = queueName(exchange: config.mqExchange)
        return profile.delayQueuesNamespaced ? QueueName.namespaced(name, namespace: config.namespace) : name
    }

    /// The `queue.declare` hutch-schedule 0.7.3's `setup_delay_queue!` makes Ruby send.
    ///
    /// On Hutch < 1.1.1: durable, arguments `x-message-ttl` (`l` 2 592 000 000) and
    /// `x-dead-letter-exchange` (`S`, the main exchange) — delayed messages come back.
    /// On Hutch ≥ 1.1.1: the same Hash is read as options, so the queue is non-durable
    /// with no arguments and delayed messages are never dead-lettered back (a broker
    /// policy is the only fix). A production client that wants working delays must
    /// still declare these queues exactly like this, or the broker refuses the
    /// redeclaration (406 PRECONDITION_FAILED) against the Ruby side's queue; put the
    /// TTL and dead-letter exchange in a policy instead.
    package func delayQueueDeclare(config: TopologyConfig, profile: VersionProfile) throws(TopologyFailure)
        -> QueueDeclare?
    {
        var props = RubyHash()
        props[.symbol("x-message-ttl")] = .int(Self.delayQueueMessageTTL)
        props[.symbol("x-dead-letter-exchange")] = .string(config.mqExchange)
        return try BunnyQueue.declare(
            name: delayQueueName(config: config, profile: profile), style: profile.delayQueueDeclarationStyle,
            argumentsHash: props, queueOptions: nil, profile: profile)
    }

    /// The `queue.bind` of this level's delay queue (`queue`, the name bunny confirmed)
    /// to the schedule exchange with routing key `"<mq_exchange>.schedule.<N>s"`.
    package func delayQueueBind(queue: String, config: TopologyConfig) -> QueueBind {
        QueueBind(
            queue: queue, exchange: Self.scheduleExchange(for: config.mqExchange),
            routingKey: routingKey(exchange: config.mqExchange))
    }
}
