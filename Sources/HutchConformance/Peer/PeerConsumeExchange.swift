import Foundation
import HutchAMQP
import HutchConventions

/// `consume` cases with the Ruby peer, both directions. Swift → Ruby runs one peer
/// process per case (its consumer is the case's: class, routing keys, serializer,
/// `attempts`, and what its `#process` does — returns, raises, `requeue!`, `reject!`;
/// its `Hutch::Config`, error handlers included, and hutch-schedule setting are the
/// case's). Ruby → Swift runs one peer without consumers per set-up (``PeerSetup``):
/// a consumer whose `reject!` or `requeue!` makes the broker close the channel would
/// take the publishing channel down with it.
///
/// - **Swift → Ruby** (`peer swift->ruby outcome`): Swift publishes the case's delivery
///   (the properties and body its frames carry) to the case's exchange; the Ruby
///   worker's outcome for it (``PeerDeliveryOutcome``: ack, nack, reject, requeue,
///   none) and the class `#process` raised must be the recorded ones. Where the
///   recording says Hutch cannot build the message (`message` null: the exception
///   escapes before `#process`), the consumer must not run.
/// - **Ruby → Swift** (`peer ruby->swift outcome`): the peer publishes the case's input
///   with `Hutch.publish`; Swift consumes it from a queue of its own bound with `#`, runs
///   the conventions' worker on that delivery as the case's consumer, and its outcome
///   and error class must be the recorded ones.
///
/// Deliveries through the delay queues (`delivered_via` `enqueue_in`) and `raw` ones
/// in the Ruby → Swift direction (Hutch has no raw publish) are not applicable; the
/// steps of a MaxRetry chain run as one chain (``PeerChainExchange``).
struct PeerConsumeExchange {
    var settings: PeerSettings
    var environment: CheckEnvironment

    /// Why `recorded` cannot be exchanged, or `nil`.
    static func obstacle(_ recorded: RecordedCase) -> String? {
        let via = recorded.input["delivered_via"]?.stringValue ?? "publish"
        guard via == "publish" || via == "raw" else { return "delivered via \(via): the delay queues are the enqueue kinds' peer checks" }
        if !PeerSetup.ignoredSettings(recorded).isEmpty {
            return "input.config sets \(PeerSetup.ignoredSettings(recorded).joined(separator: ", ")): the peer connects as the run does"
        }
        return nil
    }

    /// The peer's spec for `recorded`: its set-up and its one consumer.
    static func spec(_ recorded: RecordedCase) -> JSONObject {
        let setup = PeerSetup(recorded)
        var spec: JSONObject = ["config": .object(setup.config), "json_adapter": "json_gem"]
        if let schedule = setup.hutchSchedule { _ = spec.updateValue(.bool(schedule), forKey: "hutch_schedule") }
        var consumer = recorded.input["consumer"]?.objectValue ?? JSONObject()
        if consumer["raises"]?.isNull == true { consumer.removeValue(forKey: "raises") }
        if consumer["calls"]?.isNull == true { consumer.removeValue(forKey: "calls") }
        _ = spec.updateValue(.array([.object(consumer)]), forKey: "consumers")
        return spec
    }

    /// Runs `recorded` (which must have no ``obstacle(_:)``) Swift → Ruby with a peer of
    /// its own in `virtualHost`.
    func run(_ recorded: RecordedCase, url: String, virtualHost: String) async -> Outcome {
        let start = await PeerSession.start(
            settings, spec: try RubyJSON.generate(.object(Self.spec(recorded))), id: environment.makeUUID(), url: url,
            virtualHost: virtualHost, timeout: 300)
        switch start {
        case .skipped(let reason): return .skipped(reason)
        case .failed(let reason): return .failed(reason)
        case .ready(let session, let ready):
            let version = ready.hutchVersion ?? "?"
            guard recorded.hutchVersion.map({ "\($0)" }) == version else {
                await session.stop()
                return .otherVersion(version)
            }
            let checks: [CaseResult.Check]
            do {
                let options = try ConnectionOptions(url: url)
                let lane = try await LiveLane.open(options, virtualHost: virtualHost, management: nil)
                do {
                    checks = [try await swiftToRuby(recorded, session: session, lane: lane)]
                } catch {
                    checks = [
                        CaseResult.Check(
                            name: "peer swift->ruby outcome",
                            differences: [
                                Difference(path: "case", ruby: "a consume case the peer can run", swift: "\(error)")
                            ])
                    ]
                }
                await session.stop(ready: ready, cleaningUp: lane)
            } catch {
                await session.stop()
                return .failed("Swift cannot connect to \(virtualHost): \(error)")
            }
            return .checked(version: version, checks)
        }
    }

    /// How one case's run ended.
    enum Outcome {
        case checked(version: String, [CaseResult.Check])
        case skipped(String)
        case failed(String)
        /// The peer runs another Hutch version than the case was recorded with.
        case otherVersion(String)
    }

    /// Ruby → Swift for `cases` (of one Hutch version, without ``obstacle(_:)``): one
    /// consumer-less peer per set-up publishes each case's input; `raw` cases are left
    /// out (Hutch has no raw publish). Returns the check per case index.
    func rubyToSwift(_ cases: [(Int, RecordedCase)], url: String, virtualHost: String) async -> [Int: CaseResult.Check] {
        var setups: [PeerSetup] = []
        var bySetup: [PeerSetup: [(Int, RecordedCase)]] = [:]
        for (index, recorded) in cases where recorded.input["delivered_via"]?.stringValue != "raw" {
            let setup = PeerSetup(recorded)
            if bySetup[setup] == nil { setups.append(setup) }
            bySetup[setup, default: []].append((index, recorded))
        }
        var checks: [Int: CaseResult.Check] = [:]
        for setup in setups {
            let group = bySetup[setup] ?? []
            func failAll(_ reason: String) {
                for (index, _) in group {
                    checks[index] = CaseResult.Check(
                        name: "peer ruby->swift outcome", differences: [Difference(path: "peer", ruby: "a publishing peer", swift: reason)])
                }
            }
            var spec = setup.spec
            spec.consumers = []
            let start = await PeerSession.start(
                settings, spec: try spec.bytes(), id: environment.makeUUID(), url: url, virtualHost: virtualHost, timeout: 300)
            guard case .ready(let session, let ready) = start else {
                failAll("the publishing peer did not start: \(start)")
                continue
            }
            do {
                let lane = try await LiveLane.open(try ConnectionOptions(url: url), virtualHost: virtualHost, management: nil)
                for (index, recorded) in group {
                    do {
                        checks[index] = try await rubyToSwift(recorded, session: session, ready: ready, lane: lane)
                    } catch {
                        checks[index] = CaseResult.Check(
                            name: "peer ruby->swift outcome",
                            differences: [
                                Difference(path: "case", ruby: "a consume case the peer can run", swift: "\(error)")
                            ])
                    }
                }
                await lane.close()
            } catch {
                failAll("Swift cannot connect to \(virtualHost): \(error)")
            }
            await session.stop()
        }
        return checks
    }

    private func swiftToRuby(_ recorded: RecordedCase, session: PeerSession, lane: LiveLane) async throws -> CaseResult.Check {
        let expected = recorded.expectedReader
        let delivery = try RecordedDelivery.read(try expected.object("delivery"))
        var message = LiveConsumeCheck.rawPublish(delivery)
        let messageID = "peer-\(environment.makeUUID())"
        message.properties.messageID = messageID
        let start = await session.events.count
        try await lane.withChannel { channel in
            try await lane.connection.confirmSelect(on: channel)
            try await lane.connection.publishConfirmed(message.method, properties: message.properties, body: message.body, on: channel)
        }
        let built = try expected.optionalObject("message") != nil
        let consumer = recorded.input["consumer"]?.objectValue?["class_name"]?.stringValue ?? "?"
        if built {
            await session.wait(within: settings.eventTimeout) { events in
                PeerDeliveryOutcome.reported(in: events.dropFirst(start)).contains { $0.messageID == messageID && $0.outcome != nil }
            }
        } else {
            await session.wait(within: .seconds(2)) { _ in false }
        }
        let first = PeerDeliveryOutcome.reported(in: await session.events.dropFirst(start)).first { $0.messageID == messageID }
        return CaseResult.Check(
            name: "peer swift->ruby outcome",
            differences: try Self.verdict(
                expected: expected, ruby: first, built: built, consumer: consumer, waited: "within \(settings.eventTimeout)"))
    }

    /// The Ruby worker's report against the recording.
    static func verdict(expected: FieldReader, ruby: PeerDeliveryOutcome?, built: Bool, consumer: String, waited: String)
        throws(CaseFileError) -> [Difference]
    {
        var differ = ModelDiffer()
        let recordedOutcome = try expected.string("outcome")
        let recordedError = try expected.optionalString("error_class")
        guard built else {
            if let ruby {
                differ.note(
                    "\(consumer).process", ruby: "ran (\(ruby.summary))",
                    swift: "never runs: Hutch cannot build the message (\(recordedError ?? "?") as recorded)")
            }
            return differ.differences
        }
        guard let ruby else {
            differ.note("\(consumer).outcome", ruby: "no delivery reported \(waited)", swift: recordedOutcome)
            return differ.differences
        }
        differ.compare("\(consumer).outcome", ruby: ruby.outcome ?? "no outcome reported", swift: recordedOutcome)
        let raised = ruby.action.flatMap { $0.hasPrefix("raise ") ? String($0.dropFirst(6)) : nil }
        differ.compare("\(consumer).error_class", ruby: raised, swift: recordedError)
        return differ.differences
    }

    private func rubyToSwift(_ recorded: RecordedCase, session: PeerSession, ready: PeerEvent, lane: LiveLane) async throws
        -> CaseResult.Check
    {
        let expected = recorded.expectedReader
        let setup = try ConsumeSetup(recorded)
        let exchange = ready.string("exchange") ?? "hutch"
        let channel = try await lane.channel()
        let queue = try await lane.captureQueue(boundTo: exchange, on: channel)
        let consumer = try await LiveConsumer.start(
            queue: queue, tag: "hutch-conformance-peer-consume", on: channel, connection: lane.connection)
        defer { consumer.stop() }
        let id = "consume-\(recorded.id)"
        var fields: JSONObject = ["id": .string(id), "method": "publish"]
        for key in ["routing_key", "message", "properties", "options"] {
            if let value = recorded.input["publish"]?.objectValue?[key] { _ = fields.updateValue(value, forKey: key) }
        }
        let start = await session.events.count
        try await session.send(.publish(fields))
        await session.wait(within: settings.eventTimeout) { events in
            events.dropFirst(start).contains { ($0.kind == .published || $0.kind == .error) && $0.id == id }
        }
        if let error = await session.events.dropFirst(start).first(where: { $0.kind == .error && $0.id == id }) {
            return CaseResult.Check(
                name: "peer ruby->swift outcome",
                differences: [
                    Difference(
                        path: "publish", ruby: "\(error.string("error_class") ?? "error"): \(error.string("error") ?? "")",
                        swift: "a published message to consume")
                ])
        }
        guard let live = await consumer.next(within: settings.eventTimeout) else {
            return CaseResult.Check(
                name: "peer ruby->swift outcome",
                differences: [
                    Difference(
                        path: "delivery", ruby: "published to \(exchange)",
                        swift: "nothing delivered to Swift within \(settings.eventTimeout)")
                ])
        }
        try? await lane.connection.ack(live)
        try? await lane.connection.closeChannel(channel)
        let delivered = DeliveredMessage(live).delivery(consumerTag: live.consumerTag, deliveryTag: live.deliveryTag)
        let worker = setup.worker.handle(delivered, consumer: setup.consumerClass, handler: setup.handler)
        var differ = ModelDiffer()
        differ.compare("outcome", ruby: try expected.string("outcome"), swift: worker.outcome.rawValue)
        differ.compare("error_class", ruby: try expected.optionalString("error_class"), swift: worker.reportedError?.className)
        return CaseResult.Check(name: "peer ruby->swift outcome", differences: differ.differences)
    }
}
