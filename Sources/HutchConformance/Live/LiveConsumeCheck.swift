import HutchAMQP
import HutchConventions
import HutchRubyModel

/// `consume` live (deliveries without a delay): the consumer's queue is declared as
/// Swift's topology plan says, Ruby's recorded delivery (the properties and body its
/// frames carry) is published raw to the recorded exchange and routing key, a real
/// `basic.consume` receives it, and ``LiveConsumeEvaluation`` compares the Swift
/// consumer's view and outcome with the recording and sends the acknowledgements for
/// real. When MaxRetry republished, Swift's republish and Ruby's recorded one go
/// through the schedule exchange and must arrive alike (`live republished`).
struct LiveConsumeCheck: LiveCheck {
    func check(_ recorded: RecordedCase, context: LiveContext) async throws -> [CaseResult.Check] {
        let expected = recorded.expectedReader
        let setup = try ConsumeSetup(recorded)
        let profile = recorded.profile
        let config = try RecordedInputs.topologyConfig(try recorded.inputReader.optionalObject("config"), profile: profile)
        let plan = TopologyPlan(
            profile: profile, config: config, schedule: false, consumers: [setup.definition], makeUUID: context.environment.makeUUID)
        guard plan.failure == nil, let queue = plan.consumerQueues.first else {
            return [.noConsumerQueue(plan)]
        }
        let tag =
            plan.declarations.compactMap { method -> String? in
                if case .basicConsume(let consume) = method { return consume.consumerTag } else { return nil }
            }.first ?? "hutch-conformance"
        let recordedDelivery = try RecordedDelivery.read(try expected.object("delivery"))
        let exchanges = [config.mqExchange, setup.configuration.schedule.exchange]
        let lane = context.lane
        let connection = lane.connection

        let channel = try await lane.channel()
        var checks: [CaseResult.Check] = []
        do {
            for method in plan.declarations where LiveTopologyCheck.isReplayed(method) {
                try await connection.declare(method, on: channel)
            }
            let consumer = try await LiveConsumer.start(queue: queue, tag: tag, on: channel, connection: connection)
            defer { consumer.stop() }
            let raw = Self.rawPublish(recordedDelivery)
            try await lane.withChannel { publisher in
                try await connection.confirmSelect(on: publisher)
                try await connection.publishConfirmed(raw.method, properties: raw.properties, body: raw.body, on: publisher)
            }
            guard let live = await consumer.next(within: LiveRoundTrip.arrivalTimeout) else {
                throw LiveCheckFailure(
                    check: "live delivered",
                    difference: Difference(
                        path: "delivery", ruby: "delivered to \(queue)", swift: "nothing delivered within 5 s"))
            }
            let evaluation = try await LiveConsumeEvaluation(recorded: recorded, setup: setup, lane: lane, environment: context.environment)
                .evaluate(live, consumer: consumer, queue: queue)
            checks = evaluation.checks
            checks += try await Self.republishChecks(recorded, worker: evaluation.worker, setup: setup, context: context)
        } catch let failure as LiveCheckFailure {
            checks = [failure.check]
        } catch {
            try? await connection.closeChannel(channel)
            await lane.delete(queues: [queue], exchanges: exchanges)
            throw error
        }
        try? await connection.closeChannel(channel)
        await lane.delete(queues: [queue], exchanges: exchanges)
        return checks
    }

    /// Ruby's delivery as a publish: the recorded exchange and routing key, with the
    /// properties and body of the recorded frames (the JSON view when there are none).
    static func rawPublish(_ recorded: RecordedDelivery) -> OutgoingMessage {
        var properties = recorded.delivery.properties
        var body = recorded.delivery.body
        if let header = recorded.frames.first(where: { $0.kind == .header }), let decoded = try? ContentHeaderCodec.decode(header.payload) {
            properties = decoded.properties
            body = recorded.frames.filter { $0.kind == .body }.flatMap(\.payload)
        }
        return OutgoingMessage(
            exchange: recorded.delivery.deliver.exchange, routingKey: recorded.delivery.deliver.routingKey, properties: properties,
            body: body)
    }

    /// What MaxRetry republished: Swift's republish and Ruby's recorded one, both sent
    /// to the schedule exchange and compared as delivered.
    static func republishChecks(
        _ recorded: RecordedCase, worker: RubyWorkerResult, setup: ConsumeSetup, context: LiveContext
    ) async throws -> [CaseResult.Check] {
        let expected = recorded.expectedReader
        var rubyRepublished: [RecordedMessage] = []
        for reader in expected.has("republished") ? try expected.objects("republished") : [] {
            rubyRepublished.append(try RecordedMessage.read(reader))
        }
        let decision = worker.retryDecision
        var swift: OutgoingMessage?
        if let republish = decision?.republish, decision?.retried == true {
            let nondeterministic = try NondeterministicFields(expected, recordedAt: recorded.recordedAt, environment: context.environment)
            swift = try? republish.message(using: setup.enqueue, environment: nondeterministic.publishEnvironment)
        }
        switch (rubyRepublished.first, swift) {
        case (nil, nil):
            return []
        case (let ruby?, nil):
            return [
                CaseResult.Check(
                    name: "live republished",
                    differences: [
                        Difference(
                            path: "republished", ruby: "to \(ruby.publish.exchange) \(ruby.publish.routingKey)", swift: "nothing")
                    ])
            ]
        case (nil, let swift?):
            return [
                CaseResult.Check(
                    name: "live republished",
                    differences: [
                        Difference(
                            path: "republished", ruby: "nothing", swift: "to \(swift.exchange) \(swift.routingKey)")
                    ])
            ]
        case (let ruby?, var swift?):
            let nondeterministic = try NondeterministicFields(expected, recordedAt: recorded.recordedAt, environment: context.environment)
            var shape = ModelDiffer()
            swift.properties = nondeterministic.adopt(
                swift.properties, ruby: ruby.properties, path: "republished.properties", differ: &shape)
            let outcome = try await LiveRoundTrip.compare(
                ruby: try LiveRoundTrip.rubyPublish(ruby), swift: swift, lane: context.lane, path: "republished")
            return [CaseResult.Check(name: "live republished", differences: shape.differences + outcome.routing + outcome.message)]
        }
    }
}

/// A live check that cannot go on, with the difference that says why.
struct LiveCheckFailure: Error {
    var check: CaseResult.Check

    init(check name: String, difference: Difference) {
        self.check = CaseResult.Check(name: name, differences: [difference])
    }
}
