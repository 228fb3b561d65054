import Foundation
import HutchAMQP
import HutchConventions
import HutchManagement
import HutchRubyModel

/// A MaxRetry chain across the two languages, Swift → Ruby: Swift publishes the first
/// message of a recorded chain (`consume` cases with `input.chain`, one per step); the
/// peer runs the case's consumer (it raises; MaxRetry among the error handlers; the
/// chain's broker policies set) and the Ruby worker, MaxRetry and the delay queues carry
/// it from delivery to delivery.
///
/// Check `peer swift->ruby chain`, per step case: Ruby's delivery of that step exists,
/// its outcome and raised class are the conventions' worker's on the same delivery (as
/// Ruby saw it: properties, `x-death` headers, body), Swift's failure count for it is
/// the recorded step's, and Ruby redelivered exactly as long as Swift's MaxRetry says
/// it retries (no delivery after the last one within a delay level and a margin).
struct PeerChainExchange {
    var settings: PeerSettings
    var environment: CheckEnvironment
    var management: ManagementAPI?

    /// The chain's id (`input.chain.id`) and step, if `recorded` is a step of one.
    static func step(_ recorded: RecordedCase) -> (id: String, step: Int)? {
        guard let chain = recorded.input["chain"]?.objectValue, let id = chain["id"]?.stringValue,
            let step = chain["step"]?.int64Value
        else { return nil }
        return (id, Int(step))
    }

    /// Runs one chain (its step cases, of one Hutch version) in `virtualHost`: checks
    /// per case index.
    func run(_ steps: [(Int, RecordedCase)], url: String, virtualHost: String) async -> PeerGroupOutcome {
        guard let (_, first) = steps.first else { return .checked(version: "?", [:]) }
        if let management {
            do {
                for policy in try BrokerPolicy.read(first.inputReader) { try await management.putPolicy(policy, virtualHost: virtualHost) }
            } catch {
                return .failed("the chain's broker policies could not be set: \(error)")
            }
        }
        let start = await PeerSession.start(
            settings, spec: try RubyJSON.generate(.object(PeerConsumeExchange.spec(first))), id: environment.makeUUID(), url: url,
            virtualHost: virtualHost, timeout: 600)
        switch start {
        case .skipped(let reason): return .skipped(reason)
        case .failed(let reason): return .failed(reason)
        case .ready(let session, let ready):
            let version = ready.hutchVersion ?? "?"
            var checks: [Int: [CaseResult.Check]] = [:]
            do {
                let lane = try await LiveLane.open(try ConnectionOptions(url: url), virtualHost: virtualHost, management: nil)
                checks = try await chain(steps, session: session, lane: lane)
                await session.stop(ready: ready, cleaningUp: lane)
            } catch {
                await session.stop()
                return .failed("the chain could not run: \(error)")
            }
            return .checked(version: version, checks)
        }
    }

    private func chain(_ steps: [(Int, RecordedCase)], session: PeerSession, lane: LiveLane) async throws -> [Int: [CaseResult.Check]] {
        guard let (_, first) = steps.first else { return [:] }
        let setup = try ConsumeSetup(first)
        let input = first.inputReader
        let publish = try input.object("publish")
        var fields = publish.object
        _ = fields.updateValue(first.input["config"] ?? .object(JSONObject()), forKey: "config")
        // MaxRetry republishes with a message id of its own: the chain is every delivery
        // to the consumer (the peer runs this chain only).
        let messageID = "chain-\(environment.makeUUID())"
        let consumer = setup.definition.className
        let publishEnvironment = PublishEnvironment(now: { Int64(Date().timeIntervalSince1970) }, nextMessageID: { messageID })
        guard
            case .success(let message) = try PublishChecker(kind: "publish").produce(
                first, input: FieldReader(fields, file: first.file, path: "input.publish"), environment: publishEnvironment)
        else {
            return Dictionary(
                uniqueKeysWithValues: steps.map {
                    ($0.0, [Self.check([Difference(path: "publish", ruby: "published", swift: "Swift raised")])])
                })
        }
        let start = await session.events.count
        try await lane.withChannel { channel in
            try await lane.connection.confirmSelect(on: channel)
            try await lane.connection.publishConfirmed(message.method, properties: message.properties, body: message.body, on: channel)
        }
        // Each redelivery waits a delay level (5 s for the first attempts) and the worker's turn.
        let longest = steps.map(\.1).compactMap { Self.step($0)?.step }.max() ?? 1
        let perStep = settings.eventTimeout + .seconds(DelayLevel.all.first?.seconds ?? 5)
        var delivered: [PeerDeliveryOutcome] = []
        var decisions: [RubyWorkerResult] = []
        for number in 1...max(longest, 1) + 1 {
            let wanted = number
            await session.wait(within: perStep) { events in
                PeerDeliveryOutcome.reported(in: events.dropFirst(start)).filter { $0.consumer == consumer && $0.outcome != nil }.count
                    >= wanted
            }
            let reported = PeerDeliveryOutcome.reported(in: await session.events.dropFirst(start)).filter { $0.consumer == consumer }
            delivered = reported
            guard reported.count >= number else { break }
            let event = await session.events.dropFirst(start).filter { $0.kind == .consumed && $0.string("consumer") == consumer }[
                number - 1]
            let delivery = try Self.delivery(event)
            let worker = setup.worker.handle(delivery, consumer: setup.consumerClass, handler: setup.handler)
            decisions.append(worker)
            if worker.retryDecision?.retried != true { break }
        }
        var checks: [Int: [CaseResult.Check]] = [:]
        for (index, recorded) in steps {
            guard let step = Self.step(recorded)?.step else { continue }
            var differ = ModelDiffer()
            let path = "delivery \(step)"
            guard step <= delivered.count, step <= decisions.count else {
                differ.note(path, ruby: "\(delivered.count) deliveries of the chain", swift: "delivery \(step) expected")
                checks[index] = [Self.check(differ.differences)]
                continue
            }
            let ruby = delivered[step - 1]
            let swift = decisions[step - 1]
            differ.compare(path + ".outcome", ruby: ruby.outcome ?? "no outcome reported", swift: swift.outcome.rawValue)
            differ.compare(
                path + ".error_class", ruby: ruby.action.flatMap { $0.hasPrefix("raise ") ? String($0.dropFirst(6)) : nil },
                swift: swift.reportedError?.className)
            let event = await session.events.dropFirst(start).filter { $0.kind == .consumed && $0.string("consumer") == consumer }[step - 1]
            let headers = try Self.delivery(event).properties.headers
            let count =
                (try? MaxRetry.failureCount(headers: headers, routingKeys: setup.definition.routingKeys)).map { "\($0)" } ?? "raised"
            if let recordedCount = RubyNumeric(recorded: recorded.expectedReader.optionalValue("failure_count")) {
                differ.compare(path + ".failure_count", ruby: recordedCount.description, swift: count)
            }
            // Ruby went on exactly while Swift's MaxRetry retries.
            let rubyWentOn = delivered.count > step
            differ.compare(path + ".redelivered_after", ruby: rubyWentOn, swift: swift.retryDecision?.retried == true)
            checks[index] = [Self.check(differ.differences)]
        }
        return checks
    }

    /// Ruby → Swift: a consumer-less peer publishes the chain's first message with
    /// `Hutch.publish`; Swift, bound with `#` to the exchange, runs the conventions'
    /// worker as the case's consumer on each delivery and, where its MaxRetry retries,
    /// republishes through the delay queues itself. Check `peer ruby->swift chain` per
    /// step: Swift's delivery of that step exists, its failure count, outcome and error
    /// class are the recorded step's, and Swift goes on exactly where Ruby republished.
    func rubyToSwift(_ steps: [(Int, RecordedCase)], url: String, virtualHost: String) async -> [Int: CaseResult.Check] {
        guard let (_, first) = steps.first else { return [:] }
        func failAll(_ reason: String) -> [Int: CaseResult.Check] {
            Dictionary(
                uniqueKeysWithValues: steps.map {
                    (
                        $0.0,
                        Self.check([Difference(path: "chain", ruby: "a chain Swift runs", swift: reason)], name: "peer ruby->swift chain")
                    )
                })
        }
        var spec = PeerSetup(first).spec
        spec.consumers = []
        do {
            if let management {
                for policy in try BrokerPolicy.read(first.inputReader) { try await management.putPolicy(policy, virtualHost: virtualHost) }
            }
        } catch {
            return failAll("the chain could not be set up: \(error)")
        }
        let start = await PeerSession.start(
            settings, spec: try spec.bytes(), id: environment.makeUUID(), url: url, virtualHost: virtualHost, timeout: 600)
        guard case .ready(let session, let ready) = start else {
            return failAll("the publishing peer did not start: \(start)")
        }
        do {
            let lane = try await LiveLane.open(try ConnectionOptions(url: url), virtualHost: virtualHost, management: nil)
            let checks = try await swiftChain(steps, session: session, exchange: ready.string("exchange") ?? "hutch", lane: lane)
            await lane.close()
            await session.stop()
            return checks
        } catch {
            await session.stop()
            return failAll("\(error)")
        }
    }

    private func swiftChain(_ steps: [(Int, RecordedCase)], session: PeerSession, exchange: String, lane: LiveLane) async throws -> [Int:
        CaseResult.Check]
    {
        guard let (_, first) = steps.first else { return [:] }
        let setup = try ConsumeSetup(first)
        let channel = try await lane.channel()
        let queue = try await lane.captureQueue(boundTo: exchange, on: channel)
        let consumer = try await LiveConsumer.start(
            queue: queue, tag: "hutch-conformance-peer-chain", on: channel, connection: lane.connection)
        defer { consumer.stop() }
        var fields: JSONObject = ["id": "chain", "method": "publish"]
        for (key, value) in first.input["publish"]?.objectValue?.pairs ?? [] { _ = fields.updateValue(value, forKey: key) }
        try await session.send(.publish(fields))
        let longest = steps.compactMap { Self.step($0.1)?.step }.max() ?? 1
        let perStep = settings.eventTimeout + .seconds(DelayLevel.all.first?.seconds ?? 5)
        let publishEnvironment = PublishEnvironment(
            now: { Int64(Date().timeIntervalSince1970) }, nextMessageID: { UUID().uuidString.lowercased() })
        var deliveries: [(Delivery, RubyWorkerResult)] = []
        for _ in 1...longest + 1 {
            guard let live = await consumer.next(within: perStep) else { break }
            try? await lane.connection.ack(live)
            let delivery = DeliveredMessage(live).delivery(consumerTag: live.consumerTag, deliveryTag: live.deliveryTag)
            let worker = setup.worker.handle(delivery, consumer: setup.consumerClass, handler: setup.handler)
            deliveries.append((delivery, worker))
            guard let republish = worker.retryDecision?.republish, worker.retryDecision?.retried == true else { break }
            let message = try republish.message(using: setup.enqueue, environment: publishEnvironment)
            try await lane.withChannel { publisher in
                try await lane.connection.confirmSelect(on: publisher)
                try await lane.connection.publishConfirmed(
                    message.method, properties: message.properties, body: message.body, on: publisher)
            }
        }
        try? await lane.connection.closeChannel(channel)
        var checks: [Int: CaseResult.Check] = [:]
        for (index, recorded) in steps {
            guard let step = Self.step(recorded)?.step else { continue }
            var differ = ModelDiffer()
            let path = "delivery \(step)"
            let expected = recorded.expectedReader
            guard step <= deliveries.count else {
                differ.note(path, ruby: "delivery \(step) of the chain", swift: "\(deliveries.count) deliveries")
                checks[index] = Self.check(differ.differences, name: "peer ruby->swift chain")
                continue
            }
            let (delivery, worker) = deliveries[step - 1]
            let count =
                (try? MaxRetry.failureCount(headers: delivery.properties.headers, routingKeys: setup.definition.routingKeys)).map {
                    "\($0)"
                } ?? "raised"
            if let recordedCount = RubyNumeric(recorded: expected.optionalValue("failure_count")) {
                differ.compare(path + ".failure_count", ruby: recordedCount.description, swift: count)
            }
            differ.compare(path + ".outcome", ruby: try expected.string("outcome"), swift: worker.outcome.rawValue)
            differ.compare(path + ".error_class", ruby: try expected.optionalString("error_class"), swift: worker.reportedError?.className)
            let rubyRepublished = try expected.has("republished") && !expected.array("republished").isEmpty
            differ.compare(path + ".republished", ruby: rubyRepublished, swift: worker.retryDecision?.retried == true)
            checks[index] = Self.check(differ.differences, name: "peer ruby->swift chain")
        }
        return checks
    }

    /// The delivery a `consumed` event reports: routing key, typed properties, body.
    static func delivery(_ event: PeerEvent) throws -> Delivery {
        let info = event.object("delivery")
        let properties = try TypedValueReader(file: "peer").properties(event.fields["properties"] ?? .null, path: "properties")
        return Delivery(
            deliver: BasicDeliver(
                consumerTag: info?["consumer_tag"]?.stringValue ?? "", deliveryTag: UInt64(info?["delivery_tag"]?.int64Value ?? 0),
                redelivered: info?["redelivered"]?.boolValue ?? false, exchange: info?["exchange"]?.stringValue ?? "",
                routingKey: info?["routing_key"]?.stringValue ?? ""),
            properties: properties, body: event.string("body_base64").flatMap(Base64.decode) ?? [])
    }

    static func check(_ differences: [Difference], name: String = "peer swift->ruby chain") -> CaseResult.Check {
        CaseResult.Check(name: name, differences: differences)
    }
}
