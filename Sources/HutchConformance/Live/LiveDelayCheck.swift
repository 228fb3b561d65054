import Foundation
import HutchAMQP
import HutchConventions
import HutchManagement

/// `consume` cases delivered through `enqueue_in`, live: the topology with
/// hutch-schedule's delay queues is declared as the case's Hutch version does it, the
/// recorded broker policies are applied through the management API, Swift publishes
/// the `enqueue_in` message (Ruby's recorded message id and timestamp adopted), and the
/// consumer waits for it.
///
/// Checks: `live arrival` — whether it arrives, as recorded (on Hutch ≥ 1.1.1 without a
/// policy the delay queue has no dead-letter exchange and the message is dropped: the
/// delay queue is empty after the expiry), and when, by the delay level; then, for a
/// delivered message, the checks of ``LiveConsumeEvaluation``: the `x-death` shape
/// (count, reason `expired`, queue, exchange, routing keys with the `CC` key; `time`
/// by shape), view, outcome and acknowledgements.
struct LiveDelayCheck: LiveCheck {
    /// How long past the delay level a dead-lettered message may take to arrive.
    static let arrivalMargin: Double = 2.5

    func check(_ recorded: RecordedCase, context: LiveContext) async throws -> [CaseResult.Check] {
        let input = recorded.inputReader
        let expected = recorded.expectedReader
        let setup = try ConsumeSetup(recorded)
        let profile = recorded.profile
        let config = try RecordedInputs.topologyConfig(try input.optionalObject("config"), profile: profile)
        let call = try input.object("enqueue_in")
        guard let interval = ScheduleInterval(try call.value("interval")) else { throw call.error("interval", expected: "a number") }
        let level = interval.delayLevel
        let plan = TopologyPlan(
            profile: profile, config: config, schedule: true, consumers: [setup.definition], makeUUID: context.environment.makeUUID)
        guard plan.failure == nil, let queue = plan.consumerQueues.first else {
            return [.noConsumerQueue(plan)]
        }
        let delayQueue = level.delayQueueName(config: config, profile: profile)
        let queues = plan.declarations.compactMap { method -> String? in
            if case .queueDeclare(let declare) = method { return declare.queue } else { return nil }
        }
        let exchanges = plan.declarations.compactMap { method -> String? in
            if case .exchangeDeclare(let declare) = method { return declare.exchange } else { return nil }
        }
        let policies = try BrokerPolicy.read(input)
        let published = try RecordedMessage.read(try expected.object("published"))
        let environment = PublishEnvironment.fixed(
            timestamp: Int64(published.properties.timestamp ?? UInt64(context.environment.now())),
            messageID: published.properties.messageID ?? context.environment.makeUUID())
        let message = try setup.enqueue.enqueueIn(
            interval, .value(try call.value("message")),
            properties: PublishProperties(try call.optionalObject("properties")?.object ?? JSONObject()),
            environment: environment)
        let delivered = try expected.bool("delivered", default: true)
        let lane = context.lane
        let connection = lane.connection

        let channel = try await lane.channel()
        var checks: [CaseResult.Check] = []
        do {
            for method in plan.declarations where LiveTopologyCheck.isReplayed(method) {
                try await connection.declare(method, on: channel)
            }
            try await lane.apply(policies, effectiveOn: [delayQueue])
            let tag =
                plan.declarations.compactMap { method -> String? in
                    if case .basicConsume(let consume) = method { return consume.consumerTag } else { return nil }
                }.first ?? "hutch-conformance"
            let consumer = try await LiveConsumer.start(queue: queue, tag: tag, on: channel, connection: connection)
            defer { consumer.stop() }
            try await lane.withChannel { publisher in
                try await connection.confirmSelect(on: publisher)
                try await connection.publishConfirmed(message.method, properties: message.properties, body: message.body, on: publisher)
            }
            let start = ContinuousClock.now
            let live = await consumer.next(within: .milliseconds(Int64((Double(level.seconds) + Self.arrivalMargin) * 1000)))
            let elapsed = (ContinuousClock.now - start) / .milliseconds(1) / 1000

            var arrival = ModelDiffer()
            arrival.compare("delivered", ruby: delivered, swift: live != nil)
            if live != nil, elapsed < Double(level.seconds) - 0.5 {
                arrival.note("arrival_seconds", ruby: "after the \(level.seconds) s delay", swift: String(format: "%.1f s", elapsed))
            }
            if live == nil {
                let left = try await lane.withChannel { probe in
                    try await connection.declare(.queueDeclare(QueueDeclare(queue: delayQueue, passive: true)), on: probe)?.messageCount
                        ?? 0
                }
                arrival.compare("\(delayQueue).messages_after_expiry", ruby: UInt32(0), swift: left)
            }
            checks.append(CaseResult.Check(name: "live arrival", differences: arrival.differences))
            if let live, delivered {
                let evaluation = try await LiveConsumeEvaluation(
                    recorded: recorded, setup: setup, lane: lane, environment: context.environment
                )
                .evaluate(live, consumer: consumer, queue: queue)
                checks += evaluation.checks
            }
        } catch {
            try? await connection.closeChannel(channel)
            await lane.remove(policies)
            await lane.delete(queues: queues, exchanges: exchanges)
            throw error
        }
        try? await connection.closeChannel(channel)
        await lane.remove(policies)
        await lane.delete(queues: queues, exchanges: exchanges)
        return checks
    }
}
