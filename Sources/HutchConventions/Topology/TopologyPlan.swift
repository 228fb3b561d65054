/// Everything Ruby declares on its channel when a Hutch worker starts, in wire order.
///
/// Mirrors, for the profile's Hutch version and hutch-schedule 0.7.3:
/// 1. `Hutch.connect` → `Broker#open_channel`: `basic.qos` (unless `channel_prefetch`
///    is `nil`), then `Broker#declare_exchange`: `exchange.declare` of `mq_exchange`.
/// 2. With `schedule` (`Hutch::Schedule.connect`): the schedule exchange, then for each
///    of the 21 ``DelayLevel``s its delay queue's `queue.declare` and `queue.bind`.
/// 3. The worker, for each consumer in order: `queue.declare`, one `queue.bind` per
///    routing key, `basic.consume` with a fresh consumer tag. With hutch-schedule
///    loaded, its patched worker first refuses a `channel_prefetch` below 1.
///
/// bunny caches queues by name on a channel: a queue name seen before (a second
/// consumer on the same queue, a consumer named like a delay queue) is not declared
/// again, but still bound and consumed. bunny removes line breaks from queue and
/// exchange names in declarations.
///
/// Where Ruby raises, ``declarations`` holds what was sent before and ``failure`` the
/// exception. A declaration the broker refuses (`BrokerRefusal`) is sent, the broker
/// closes the channel, and nothing after it is declared. Not modelled: consumer groups (`group` / `consumer_groups`), the HTTP
/// API's removal of stale bindings, `confirm.select` for publisher confirms, and
/// server-named queues (an empty queue name).
///
/// Ruby's declarations include recorded defects (non-durable delay queues without
/// TTL on Hutch ≥ 1.1.1, consumer queues that lose their arguments under
/// hutch-schedule's worker). A production client must declare the same queues with
/// the same flags and arguments, or RabbitMQ refuses the second declaration with
/// 406 PRECONDITION_FAILED and closes the channel.
public struct TopologyPlan: Sendable, Equatable {
    /// The methods Ruby sends, in order.
    public let declarations: [AMQPMethod]
    /// The exception Ruby raises after ``declarations``, or `nil` when setup completes.
    public let failure: TopologyFailure?
    /// For each consumer set up, its queue name as bound and consumed.
    public let consumerQueues: [String]

    /// Plans the declarations.
    ///
    /// - Parameters:
    ///   - profile: the Hutch version and whether hutch-schedule was required.
    ///   - config: the relevant `Hutch::Config` settings.
    ///   - schedule: `Hutch::Schedule.connect` ran before the worker started.
    ///   - consumers: the consumer classes in the order Hutch registered them.
    ///   - makeUUID: the UUID for each consumer tag, in consumer order (Hutch uses
    ///     `SecureRandom.uuid`); inject a fixed sequence for deterministic tests.
    ///   - modelBrokerRefusals: predict RabbitMQ 3.10's refusals (`BrokerRefusal`) and
    ///     stop where the broker would close the channel, as the conformance runner
    ///     needs. A production client passes `false`: it sends every declaration and lets
    ///     the broker it talks to answer, since another broker version may accept what
    ///     3.10 refuses.
    public init(
        profile: VersionProfile, config: TopologyConfig, schedule: Bool, consumers: [ConsumerDefinition],
        makeUUID: () -> String = SecureRandomUUID.make, modelBrokerRefusals: Bool = true
    ) {
        var builder = Builder(profile: profile, config: config, modelBrokerRefusals: modelBrokerRefusals)
        do {
            try builder.run(schedule: schedule, consumers: consumers, makeUUID: makeUUID)
            self.failure = nil
        } catch {
            self.failure = error
        }
        self.declarations = builder.declarations
        self.consumerQueues = builder.consumerQueues
    }

    /// The state of one planning run: what was sent, and bunny's queue cache.
    private struct Builder {
        let profile: VersionProfile
        let config: TopologyConfig
        var declarations: [AMQPMethod] = []
        var consumerQueues: [String] = []
        /// bunny's `Channel#find_queue` registry: the name each queue object is known by.
        var knownQueues: Set<String> = []
        /// The arguments each queue was declared with on this channel.
        var declaredArguments: [String: FieldTable] = [:]
        /// The channel's `basic.qos` prefetch count, when one was sent.
        var prefetchCount: UInt16?
        /// Whether `BrokerRefusal` ends the plan where the broker would close the channel.
        let modelBrokerRefusals: Bool

        init(profile: VersionProfile, config: TopologyConfig, modelBrokerRefusals: Bool) {
            self.profile = profile
            self.config = config
            self.modelBrokerRefusals = modelBrokerRefusals
        }

        mutating func run(schedule: Bool, consumers: [ConsumerDefinition], makeUUID: () -> String)
            throws(TopologyFailure)
        {
            let profile = self.profile
            let config = self.config
            for consumer in consumers {
                if consumer.queueOptions != nil && !profile.supportsQueueOptions {
                    throw .unsupportedConsumerDSL(className: consumer.className, method: "queue_options")
                }
                if consumer.withoutNamespace && !profile.supportsWithoutNamespace {
                    throw .unsupportedConsumerDSL(className: consumer.className, method: "without_namespace")
                }
            }
            if schedule && !profile.hutchScheduleLoaded { throw .scheduleNotLoaded }

            if let qos = try config.basicQos() {
                declarations.append(.basicQos(qos))
                prefetchCount = qos.prefetchCount
            }
            if let exchange = try config.exchangeDeclare() { declarations.append(.exchangeDeclare(exchange)) }

            if schedule {
                if let exchange = try config.scheduleExchangeDeclare() {
                    declarations.append(.exchangeDeclare(exchange))
                }
                for level in DelayLevel.all {
                    let name = level.delayQueueName(config: config, profile: profile)
                    // hutch-schedule's core declares on the channel itself: bunny's exception as it is
                    let queue = try queue(
                        named: name, refusedAs: { $0.replyCode == 403 ? "Bunny::AccessRefused" : "Bunny::PreconditionFailed" }
                    ) { () throws(TopologyFailure) in
                        try level.delayQueueDeclare(config: config, profile: profile)
                    }
                    declarations.append(.queueBind(level.delayQueueBind(queue: queue, config: config)))
                }
            }

            if profile.workerRequiresPositivePrefetch {
                guard let prefetch = config.channelPrefetch else { throw .scheduleWorkerNeedsPositivePrefetch(nil) }
                if prefetch < 1 { throw .scheduleWorkerNeedsPositivePrefetch(prefetch) }
            }

            for consumer in consumers {
                let name = QueueName.for(consumer, namespace: config.namespace, profile: profile)
                // Hutch::Broker#queue turns bunny's PreconditionFailed into WorkerSetupError
                let queue = try queue(named: name, refusedAs: { $0.replyCode == 406 ? "Hutch::WorkerSetupError" : "Bunny::AccessRefused" })
                { () throws(TopologyFailure) in
                    try consumer.queueDeclare(name: name, profile: profile)
                }
                for bind in consumer.queueBinds(queue: queue, exchange: config.mqExchange) {
                    declarations.append(.queueBind(bind))
                }
                let tag = try ConsumerTag.make(prefix: config.consumerTagPrefix, uuid: makeUUID())
                declarations.append(.basicConsume(ConsumerDefinition.basicConsume(queue: queue, consumerTag: tag)))
                if modelBrokerRefusals,
                    let close = BrokerRefusal.basicConsume(queue: queue, arguments: declaredArguments[queue], prefetchCount: prefetchCount)
                {
                    throw .brokerRefused(close, rubyErrorClass: "Bunny::PreconditionFailed")
                }
                consumerQueues.append(queue)
            }
        }

        /// bunny's `Channel#queue`: a queue already known by `name` is reused without a
        /// declaration; otherwise it is declared (unless `no_declare`) and registered
        /// under the name the broker confirmed.
        /// A declaration the broker refuses raises what `refusedAs` names for its close.
        mutating func queue(
            named name: String, refusedAs errorClass: (Close) -> String, declare: () throws(TopologyFailure) -> QueueDeclare?
        ) throws(TopologyFailure) -> String {
            if knownQueues.contains(name) { return name }
            let declared = try declare()
            if let declared {
                declarations.append(.queueDeclare(declared))
                if modelBrokerRefusals, let close = BrokerRefusal.queueDeclare(declared) {
                    throw .brokerRefused(close, rubyErrorClass: errorClass(close))
                }
                declaredArguments[declared.queue] = declared.arguments
            }
            let confirmed = declared?.queue ?? name
            knownQueues.insert(confirmed)
            return confirmed
        }
    }
}
