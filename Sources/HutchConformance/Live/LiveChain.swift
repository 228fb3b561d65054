import HutchAMQP
import HutchConventions
import HutchManagement
import HutchRubyModel

/// An end-to-end MaxRetry chain, live: the cases of one recorded chain
/// (`input.chain.id`, e.g. `retry/e2e-chain` steps 1–3 and `consume/e2e-chain-delivery2`
/// and `3`) replayed as one run. A consumer that always raises is set up with
/// hutch-schedule's delay queues and the recorded policies; a message is published;
/// each delivery is handled by the conventions' worker, MaxRetry's republish is really
/// sent through the delay queue, and the next delivery comes back dead-lettered with an
/// `x-death` count one higher — until MaxRetry gives up.
///
/// Each step's checks go to the cases recorded for it: `live delivered` (headers as the
/// broker wrote them, x-death `time` by shape), `live decision` (failure count 0 → 1 → 2,
/// attempt, retried, delay), `live republished` (the message MaxRetry sends, field by
/// field and byte for byte), and for consume cases the view, outcome and the broker's
/// reaction to the acknowledgements.
struct LiveChain {
    /// The chain's cases, in any order.
    var cases: [RecordedCase]

    /// The step a case records (`input.chain.step`).
    static func step(_ recorded: RecordedCase) -> Int? {
        recorded.input["chain"]?.objectValue?["step"]?.int64Value.map { Int($0) }
    }

    /// The chain a case belongs to (`input.chain.id`).
    static func chainID(_ recorded: RecordedCase) -> String? {
        recorded.input["chain"]?.objectValue?["id"]?.stringValue
    }

    /// Runs the chain; the checks of each case, by position in ``cases``.
    func run(context: LiveContext) async throws -> [Int: [CaseResult.Check]] {
        guard let first = cases.first(where: { $0.kind == "consume" }) ?? cases.first else { return [:] }
        var setup = try ConsumeSetup(first)
        if first.kind != "consume" && setup.handler.raises == nil { setup.handler.raises = "RuntimeError" }
        let profile = first.profile
        let config = try RecordedInputs.topologyConfig(try first.inputReader.optionalObject("config"), profile: profile)
        let plan = TopologyPlan(
            profile: profile, config: config, schedule: true, consumers: [setup.definition], makeUUID: context.environment.makeUUID)
        var results: [Int: [CaseResult.Check]] = [:]
        guard plan.failure == nil, let queue = plan.consumerQueues.first else {
            for index in cases.indices {
                results[index] = [
                    CaseResult.Check(
                        name: "live setup", differences: [Difference(path: "topology", ruby: "a consumer queue", swift: "the plan failed")])
                ]
            }
            return results
        }
        var policies: [BrokerPolicy] = []
        for recorded in cases where policies.isEmpty {
            policies = try BrokerPolicy.read(recorded.inputReader)
            if policies.isEmpty, let chain = try recorded.inputReader.optionalObject("chain") { policies = try BrokerPolicy.read(chain) }
        }
        let queues = plan.declarations.compactMap { method -> String? in
            if case .queueDeclare(let declare) = method { return declare.queue } else { return nil }
        }
        let exchanges = plan.declarations.compactMap { method -> String? in
            if case .exchangeDeclare(let declare) = method { return declare.exchange } else { return nil }
        }
        let lane = context.lane
        let channel = try await lane.channel()
        do {
            results = try await steps(setup: setup, plan: plan, queue: queue, policies: policies, channel: channel, context: context)
        } catch {
            try? await lane.connection.closeChannel(channel)
            await lane.remove(policies)
            await lane.delete(queues: queues, exchanges: exchanges)
            throw error
        }
        try? await lane.connection.closeChannel(channel)
        await lane.remove(policies)
        await lane.delete(queues: queues, exchanges: exchanges)
        return results
    }

    private func steps(
        setup: ConsumeSetup, plan: TopologyPlan, queue: String, policies: [BrokerPolicy], channel: UInt16, context: LiveContext
    ) async throws -> [Int: [CaseResult.Check]] {
        let lane = context.lane
        let connection = lane.connection
        let environment = context.environment
        for method in plan.declarations where LiveTopologyCheck.isReplayed(method) {
            try await connection.declare(method, on: channel)
        }
        let delayQueues = DelayLevel.all.map { $0.queueName(exchange: setup.configuration.exchange) }
        try await lane.apply(policies, effectiveOn: Array(delayQueues.prefix(1)))
        let tag =
            plan.declarations.compactMap { method -> String? in
                if case .basicConsume(let consume) = method { return consume.consumerTag } else { return nil }
            }.first ?? "hutch-conformance"
        let consumer = try await LiveConsumer.start(queue: queue, tag: tag, on: channel, connection: connection)
        defer { consumer.stop() }
        let publisher = try await lane.channel()
        try await connection.confirmSelect(on: publisher)
        let initial = try initialMessage(setup: setup, environment: environment)
        try await connection.publishConfirmed(initial.method, properties: initial.properties, body: initial.body, on: publisher)

        var results: [Int: [CaseResult.Check]] = [:]
        let lastStep = cases.compactMap(Self.step).max() ?? 1
        var wait: Double = 5
        for step in 1...lastStep {
            let stepCases = cases.indices.filter { Self.step(cases[$0]) == step }
            guard let live = await consumer.next(within: .milliseconds(Int64(wait * 1000))) else {
                for index in cases.indices where (Self.step(cases[index]) ?? 0) >= step {
                    results[index] = [
                        CaseResult.Check(
                            name: "live chain",
                            differences: [
                                Difference(
                                    path: "delivery \(step)", ruby: "arrived", swift: String(format: "nothing within %.1f s", wait))
                            ])
                    ]
                }
                break
            }
            let consumeIndex = stepCases.first { cases[$0].kind == "consume" }
            let retryIndex = stepCases.first { cases[$0].kind == "retry" }
            let worker: RubyWorkerResult
            let delivered: DeliveredMessage
            if let consumeIndex {
                let evaluation = try await LiveConsumeEvaluation(
                    recorded: cases[consumeIndex], setup: setup, lane: lane, environment: environment
                )
                .evaluate(live, consumer: consumer, queue: queue)
                results[consumeIndex] = evaluation.checks
                worker = evaluation.worker
                delivered = evaluation.delivered
            } else {
                var message = DeliveredMessage(live)
                var ignored = ModelDiffer()
                let recordedHeaders = try retryIndex.flatMap { index throws(CaseFileError) in
                    try cases[index].inputReader.optionalValue("headers").map { value throws(CaseFileError) in
                        try TypedValueReader(file: cases[index].file).table(value, path: "input.headers")
                    }
                }
                message.properties.headers = XDeathTime.adopt(
                    message.properties.headers, recorded: recordedHeaders, clock: environment.now(),
                    tolerance: environment.timestampTolerance, path: "headers", differ: &ignored)
                delivered = message
                worker = setup.worker.handle(
                    message.delivery(consumerTag: live.consumerTag, deliveryTag: live.deliveryTag), consumer: setup.consumerClass,
                    handler: setup.handler)
                _ = await lane.acknowledge(worker.acknowledgements, on: channel, probeQueue: queue)
            }
            let decision = worker.retryDecision
            let recordedRepublish = try recordedRepublished(step: stepCases)
            var republished: OutgoingMessage?
            if let republish = decision?.republish, decision?.retried == true {
                let ids = PublishEnvironment.fixed(
                    timestamp: Int64(recordedRepublish?.properties.timestamp ?? UInt64(environment.now())),
                    messageID: recordedRepublish?.properties.messageID ?? environment.makeUUID())
                republished = try republish.message(using: setup.enqueue, environment: ids)
            }
            if let retryIndex {
                results[retryIndex] = try retryChecks(
                    cases[retryIndex], delivered: delivered, decision: decision, republished: republished, context: context)
            }
            if let consumeIndex, let recordedRepublish, let republished {
                results[consumeIndex, default: []].append(
                    republishCheck(
                        ruby: recordedRepublish, swift: republished, recorded: cases[consumeIndex], context: context))
            }
            guard let republished else { break }
            try await connection.publishConfirmed(
                republished.method, properties: republished.properties, body: republished.body, on: publisher)
            wait = Double(decision?.level?.seconds ?? 5) + LiveDelayCheck.arrivalMargin
        }
        try? await connection.closeChannel(publisher)
        return results
    }

    /// The message that starts the chain: the consume case's `Hutch.publish`, else the
    /// first retry step's body to its delivery routing key.
    private func initialMessage(setup: ConsumeSetup, environment: CheckEnvironment) throws -> OutgoingMessage {
        let ids = PublishEnvironment(now: { Int64(environment.now()) }, nextMessageID: environment.makeUUID)
        if let consume = cases.first(where: { $0.kind == "consume" }), let publish = try consume.inputReader.optionalObject("publish") {
            return try HutchPublisher(configuration: setup.configuration).publish(
                routingKey: try publish.string("routing_key"), message: .value(try publish.value("message")), environment: ids)
        }
        let routingKey = setup.definition.routingKeys.last ?? ""
        let body = try cases.first.map { try RecordedMessage.base64($0.inputReader, "body_base64") } ?? []
        return try HutchPublisher(configuration: setup.configuration).publish(
            routingKey: routingKey, message: .value(try RubyJSON.parse(body)), environment: ids)
    }

    /// What Ruby republished at a step, from its retry or consume case.
    private func recordedRepublished(step indices: [Int]) throws -> RecordedMessage? {
        for index in indices {
            let expected = cases[index].expectedReader
            if cases[index].kind == "retry", let reader = try expected.optionalObject("republished") {
                return try RecordedMessage.read(reader)
            }
            if cases[index].kind == "consume", expected.has("republished"), let reader = try expected.objects("republished").first {
                return try RecordedMessage.read(reader)
            }
        }
        return nil
    }

    private func retryChecks(
        _ recorded: RecordedCase, delivered: DeliveredMessage, decision: RetryDecision?, republished: OutgoingMessage?, context: LiveContext
    ) throws -> [CaseResult.Check] {
        let input = recorded.inputReader
        let expected = recorded.expectedReader
        let headers = try input.optionalValue("headers").map { value throws(CaseFileError) in
            try TypedValueReader(file: recorded.file).table(value, path: "input.headers")
        }
        var differ = ModelDiffer()
        differ.compare("delivered.properties.headers", ruby: headers, swift: delivered.properties.headers)
        differ.compare("delivered.body", ruby: try RecordedMessage.base64(input, "body_base64"), swift: delivered.body)
        var checks = [CaseResult.Check(name: "live delivered", differences: differ.differences)]
        guard let decision else {
            checks.append(
                CaseResult.Check(
                    name: "live decision",
                    differences: [Difference(path: "decision", ruby: "MaxRetry decided", swift: "no MaxRetry decision")]))
            return checks
        }
        checks.append(
            CaseResult.Check(
                name: "live decision", differences: try RetryChecker.decisionDifferences(expected: expected, decision: decision)))
        let ruby = try expected.optionalObject("republished").map { reader throws(CaseFileError) in try RecordedMessage.read(reader) }
        switch (ruby, republished) {
        case (let ruby?, let swift?):
            checks.append(republishCheck(ruby: ruby, swift: swift, recorded: recorded, context: context))
        case (nil, nil):
            checks.append(CaseResult.Check(name: "live republished", differences: []))
        case (let ruby, let swift):
            checks.append(
                CaseResult.Check(
                    name: "live republished",
                    differences: [
                        Difference(
                            path: "republished", ruby: ruby == nil ? "nothing" : "a message", swift: swift == nil ? "nothing" : "a message")
                    ]))
        }
        return checks
    }

    /// The message Swift republished from the live delivery against Ruby's, fields and bytes.
    private func republishCheck(ruby: RecordedMessage, swift: OutgoingMessage, recorded: RecordedCase, context: LiveContext)
        -> CaseResult.Check
    {
        let nondeterministic =
            (try? NondeterministicFields(recorded.expectedReader, recordedAt: recorded.recordedAt, environment: context.environment))
        guard let nondeterministic else {
            return CaseResult.Check(
                name: "live republished", differences: [Difference(path: "expected.nondeterministic", ruby: "a list", swift: "unreadable")])
        }
        let comparison = MessageComparison(swift: swift, ruby: ruby, path: "republished", nondeterministic: nondeterministic)
        return CaseResult.Check(name: "live republished", differences: comparison.fields + comparison.bytes)
    }
}
