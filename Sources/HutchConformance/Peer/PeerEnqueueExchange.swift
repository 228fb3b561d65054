import Foundation
import HutchAMQP
import HutchConventions
import HutchManagement

/// `enqueue`, `enqueue_in` and `enqueue_at` cases with the Ruby peer, both directions,
/// one peer per set-up and consumer (the case's consumer, with hutch-schedule loaded;
/// the run sets the delay-queue repair policy for the exchange, as the shops' brokers
/// need it for hutch-schedule 0.7.3 on Hutch ≥ 1.1.1).
///
/// - **Swift → Ruby** (`peer swift->ruby enqueue`): Swift publishes its own message for
///   the case's input (the conventions' `HutchEnqueue`); the Ruby consumer must receive
///   it — after the delay level's time for a delayed one — with Swift's body bytes.
/// - **Ruby → Swift** (`peer ruby->swift enqueue`): the peer calls the consumer's
///   `enqueue*` with the case's input (`enqueue_at`: the same distance from now as
///   recorded); what it published must be Swift's model for that input (Ruby's
///   `message_id` and `timestamp` adopted), and Swift, bound with `#` to the exchange,
///   must receive it after the delay.
///
/// A case whose delay level is longer than ``longestDelay`` is not applicable.
struct PeerEnqueueExchange {
    var settings: PeerSettings
    var environment: CheckEnvironment
    var management: ManagementAPI?

    /// The kinds.
    static let kinds: Set<String> = ["enqueue", "enqueue_in", "enqueue_at"]
    /// The longest delay the peer waits for.
    static let longestDelay = 30

    /// A case and the message Swift's conventions produce for it.
    struct Prepared {
        var index: Int
        var recorded: RecordedCase
        var swift: OutgoingMessage
        /// The delay level's seconds (0: not delayed).
        var delay: Int
    }

    /// Prepares `recorded`: Swift's message, or why it cannot run.
    static func prepare(_ recorded: RecordedCase, index: Int, environment: CheckEnvironment) -> Result<Prepared, PeerObstacle> {
        do {
            let expected = recorded.expectedReader
            if let error = try expected.optionalString("error_class") {
                return .failure(PeerObstacle("Ruby raised \(error) when enqueuing"))
            }
            if !PeerSetup.ignoredSettings(recorded).isEmpty { return .failure(PeerObstacle("input.config sets connection settings")) }
            let nondeterministic = try NondeterministicFields(expected, recordedAt: recorded.recordedAt, environment: environment)
            let produced = try PublishChecker(kind: recorded.kind).produce(
                recorded, input: recorded.inputReader, environment: nondeterministic.publishEnvironment)
            guard case .success(let message) = produced else { return .failure(PeerObstacle("Swift raised where Ruby published")) }
            let exchange = (try PublisherSetup.configuration(recorded.inputReader)).exchange
            let delay = DelayLevel.all.first { $0.routingKey(exchange: exchange) == message.routingKey }?.seconds ?? 0
            if delay > longestDelay {
                return .failure(PeerObstacle("delay level \(delay)s: longer than the peer waits (\(longestDelay) s)"))
            }
            return .success(Prepared(index: index, recorded: recorded, swift: message, delay: delay))
        } catch {
            return .failure(PeerObstacle("unreadable: \(error)"))
        }
    }

    /// The group key: set-up and consumer.
    static func group(_ recorded: RecordedCase) -> String {
        let consumer = (try? RubyJSON.generateString(recorded.input["consumer"] ?? .null)) ?? ""
        return ((try? RubyJSON.generateString(.object(PeerSetup(recorded).config))) ?? "") + "|" + consumer
    }

    /// Runs one group (same set-up and consumer) in `virtualHost`; checks per case index.
    func run(_ group: [Prepared], url: String, virtualHost: String) async -> PeerGroupOutcome {
        guard let first = group.first else { return .checked(version: "?", [:]) }
        var spec: JSONObject = ["config": .object(PeerSetup(first.recorded).config), "json_adapter": "json_gem", "hutch_schedule": true]
        _ = spec.updateValue(.array([first.recorded.input["consumer"] ?? .null]), forKey: "consumers")
        let exchange = (try? PublisherSetup.configuration(first.recorded.inputReader))?.exchange ?? "hutch"
        if let management {
            do {
                try await management.putPolicy(BrokerPolicy.delayQueueRepair(exchange: exchange), virtualHost: virtualHost)
            } catch {
                return .failed("the delay-queue repair policy could not be set: \(error)")
            }
        }
        let start = await PeerSession.start(
            settings, spec: try RubyJSON.generate(.object(spec)), id: environment.makeUUID(), url: url, virtualHost: virtualHost,
            timeout: 600)
        switch start {
        case .skipped(let reason): return .skipped(reason)
        case .failed(let reason): return .failed(reason)
        case .ready(let session, let ready):
            let version = ready.hutchVersion ?? "?"
            let mine = group.filter { $0.recorded.hutchVersion.map { "\($0)" } == version }
            var checks: [Int: [CaseResult.Check]] = [:]
            do {
                let lane = try await LiveLane.open(try ConnectionOptions(url: url), virtualHost: virtualHost, management: nil)
                for (index, check) in await swiftToRuby(mine, session: session, lane: lane) { checks[index, default: []].append(check) }
                for (index, check) in await rubyToSwift(mine, session: session, exchange: exchange, lane: lane) {
                    checks[index, default: []].append(check)
                }
                await session.stop(ready: ready, cleaningUp: lane)
            } catch {
                await session.stop()
                return .failed("Swift cannot connect to \(virtualHost): \(error)")
            }
            return .checked(version: version, checks)
        }
    }

    private func swiftToRuby(_ group: [Prepared], session: PeerSession, lane: LiveLane) async -> [(Int, CaseResult.Check)] {
        guard !group.isEmpty else { return [] }
        let start = await session.events.count
        var sent: [(Prepared, String)] = []
        let published = ContinuousClock.now
        do {
            try await lane.withChannel { channel in
                try await lane.connection.confirmSelect(on: channel)
                for item in group {
                    var message = item.swift
                    let id = "peer-\(environment.makeUUID())"
                    message.properties.messageID = id
                    try await lane.connection.publishConfirmed(
                        message.method, properties: message.properties, body: message.body, on: channel)
                    sent.append((item, id))
                }
            }
        } catch {
            return group.map {
                (
                    $0.index,
                    CaseResult.Check(
                        name: "peer swift->ruby enqueue",
                        differences: [
                            Difference(path: "publish", ruby: "receives what Swift enqueues", swift: "publishing failed: \(error)")
                        ])
                )
            }
        }
        let timeout = settings.eventTimeout + .seconds(group.map(\.delay).max() ?? 0)
        let arrivals = await Self.arrivals(
            of: sent.filter { Self.reachesConsumer($0.0) }.map(\.1), in: session, from: start, within: timeout)
        let events = await session.events.dropFirst(start)
        return sent.map { item, id in
            var differ = ModelDiffer()
            let consumed = events.first { $0.kind == .consumed && $0.messageID == id }
            let routed = Self.reachesConsumer(item)
            if !routed {
                // The broker routes by the first CC header (a caller's "CC" beside hutch-schedule's :CC
                // shadows it): the case's consumer never receives the message, in Ruby as in Swift.
                if let consumed {
                    differ.note(
                        "delivery", ruby: "received by \(consumed.string("consumer") ?? "?")",
                        swift: "routed past the consumer by \(item.swift.routingKey) and its first CC header")
                }
            } else if let consumed {
                let body = consumed.string("body_base64").flatMap(Base64.decode)
                differ.compareBytes("body", ruby: body ?? [], swift: item.swift.body)
                if let arrival = arrivals[id], arrival - published < .seconds(item.delay) {
                    differ.note("delay", ruby: "received after \(arrival - published)", swift: "delay level \(item.delay)s")
                }
            } else {
                differ.note(
                    "delivery", ruby: "no consumed event within \(timeout)",
                    swift: "enqueued to \(item.swift.exchange) \(item.swift.routingKey)")
            }
            return (item.index, CaseResult.Check(name: "peer swift->ruby enqueue", differences: differ.differences))
        }
    }

    /// Whether the broker routes `item`'s message to the case's consumer: its routing key
    /// and first `CC` header (after a delay queue) or its `CC`/`BCC` keys (straight to the
    /// exchange) against the consumer's bindings.
    static func reachesConsumer(_ item: Prepared) -> Bool {
        let message = RecordedRubyMessage(outgoing: item.swift)
        let keys = item.delay > 0 ? message.deadLetterRoutingKeys : message.routingKeys
        let bindings = (item.recorded.input["consumer"]?.objectValue?["routing_keys"]?.arrayValue ?? []).compactMap(\.stringValue)
        return bindings.contains { TopicPattern.matchesAny($0, keys) }
    }

    /// When each of `ids` was first reported `consumed` (polled every 100 ms, up to `timeout`).
    static func arrivals(of ids: [String], in session: PeerSession, from start: Int, within timeout: Duration) async -> [String:
        ContinuousClock.Instant]
    {
        var seen: [String: ContinuousClock.Instant] = [:]
        let deadline = ContinuousClock.now + timeout
        while seen.count < ids.count, ContinuousClock.now < deadline {
            let before = await session.events.count
            await session.wait(within: .milliseconds(100)) { $0.count > before }
            let now = ContinuousClock.now
            for event in await session.events.dropFirst(start) where event.kind == .consumed {
                if let id = event.messageID, ids.contains(id), seen[id] == nil { seen[id] = now }
            }
        }
        return seen
    }

    private func rubyToSwift(_ group: [Prepared], session: PeerSession, exchange: String, lane: LiveLane) async -> [(Int, CaseResult.Check)]
    {
        guard !group.isEmpty else { return [] }
        func failure(_ item: Prepared, _ path: String, _ ruby: String, _ swift: String) -> (Int, CaseResult.Check) {
            (
                item.index,
                CaseResult.Check(name: "peer ruby->swift enqueue", differences: [Difference(path: path, ruby: ruby, swift: swift)])
            )
        }
        let channel: UInt16
        let consumer: LiveConsumer
        do {
            channel = try await lane.channel()
            let queue = try await lane.captureQueue(boundTo: exchange, on: channel)
            consumer = try await LiveConsumer.start(
                queue: queue, tag: "hutch-conformance-peer-enqueue", on: channel, connection: lane.connection)
        } catch {
            return group.map { failure($0, "capture queue", "Swift consumes from \(exchange)", "\(error)") }
        }
        defer { consumer.stop() }
        var results: [(Int, CaseResult.Check)] = []
        var waiting: [(Prepared, PeerEvent, ContinuousClock.Instant)] = []
        for item in group {
            let id = "enqueue-\(environment.makeUUID())"
            let start = await session.events.count
            do {
                try await session.send(Self.command(item.recorded, id: id, now: Date().timeIntervalSince1970))
            } catch {
                results.append(failure(item, "command", "enqueue \(item.recorded.id)", "\(error)"))
                continue
            }
            let sentAt = ContinuousClock.now
            await session.wait(within: settings.eventTimeout) { events in
                events.dropFirst(start).contains { ($0.kind == .published || $0.kind == .error) && $0.id == id }
            }
            guard
                let answer = await session.events.dropFirst(start).first(where: {
                    ($0.kind == .published || $0.kind == .error) && $0.id == id
                }),
                answer.kind == .published
            else {
                results.append(failure(item, "published", "enqueues the input", "no published event within \(settings.eventTimeout)"))
                continue
            }
            waiting.append((item, answer, sentAt))
        }
        let timeout = settings.eventTimeout + .seconds(group.map(\.delay).max() ?? 0)
        let deadline = ContinuousClock.now + timeout
        var delivered: [String: (IncomingDelivery, ContinuousClock.Instant)] = [:]
        // Only Ruby's messages count: Swift's own from the other direction may still come out of a delay queue.
        let awaited = Set(waiting.compactMap { $0.1.messageID })
        while delivered.count < awaited.count, let live = await consumer.next(within: deadline - ContinuousClock.now) {
            if let id = live.properties.messageID, awaited.contains(id) { delivered[id] = (live, ContinuousClock.now) }
            try? await lane.connection.ack(live)
        }
        try? await lane.connection.closeChannel(channel)
        for (item, published, sentAt) in waiting {
            var differ = ModelDiffer()
            do {
                let ruby = try LiveRoundTrip.rubyPublish(
                    try RecordedMessage.read(FieldReader(published.fields, file: "peer", path: "published")))
                var swift = item.swift
                if swift.properties.messageID != nil, let id = ruby.properties.messageID { swift.properties.messageID = id }
                if swift.properties.timestamp != nil, let time = ruby.properties.timestamp { swift.properties.timestamp = time }
                differ.compare("published.exchange", ruby: ruby.exchange, swift: swift.exchange)
                differ.compare("published.routing_key", ruby: ruby.routingKey, swift: swift.routingKey)
                differ.compare("published.properties", ruby: ruby.properties, swift: swift.properties)
                differ.compare("published.body", ruby: ruby.body, swift: swift.body)
                if let (live, arrival) = ruby.properties.messageID.flatMap({ delivered[$0] }) {
                    differ.compareBytes("delivered.body", ruby: ruby.body, swift: live.body)
                    if arrival - sentAt < .seconds(item.delay) {
                        differ.note("delay", ruby: "delay level \(item.delay)s", swift: "received after \(arrival - sentAt)")
                    }
                } else {
                    differ.note(
                        "delivered", ruby: "enqueued to \(ruby.exchange) \(ruby.routingKey)",
                        swift: "nothing delivered to Swift within \(timeout)")
                }
            } catch {
                differ.note("published", ruby: "a published event with decodable frames", swift: "\(error)")
            }
            results.append((item.index, CaseResult.Check(name: "peer ruby->swift enqueue", differences: differ.differences)))
        }
        return results
    }

    /// The peer command that enqueues `recorded`'s input; `enqueue_at` keeps the
    /// recorded distance between `at` and `now` from `now`.
    static func command(_ recorded: RecordedCase, id: String, now: Double) -> PeerCommand {
        let input = recorded.input
        var fields: JSONObject = [
            "id": .string(id), "method": .string(recorded.kind),
            "consumer": input["consumer"]?.objectValue?["class_name"] ?? .null
        ]
        for key in ["message", "properties"] { if let value = input[key] { _ = fields.updateValue(value, forKey: key) } }
        switch recorded.kind {
        case "enqueue_in":
            _ = fields.updateValue(input["interval"] ?? .null, forKey: "interval")
        case "enqueue_at":
            let at = input["at"]?.doubleValue ?? 0
            let recordedNow = input["now"]?.doubleValue ?? 0
            _ = fields.updateValue(.float(now + (at - recordedNow)), forKey: "at")
        default:
            break
        }
        return .publish(fields)
    }
}
