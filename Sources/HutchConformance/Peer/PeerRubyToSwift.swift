import HutchAMQP
import HutchConventions

/// Ruby → Swift: the peer publishes each case's input with `Hutch.publish` (command
/// `publish`), Swift consumes it with a real `basic.consume` on a queue bound with `#`
/// to Hutch's exchange, and compares.
///
/// Checks: `peer ruby->swift delivery` (what Swift received against the frames Ruby
/// reported as `published`: the same exchange, routing key, properties and body
/// bytes), `peer ruby->swift publish model` (Swift's conventions for the same input,
/// with Ruby's `message_id` and `timestamp`, against what Ruby published) and
/// `peer ruby->swift message` (Hutch::Message as Swift builds it from its delivery,
/// per serializer, against the view of the peer's own consumers of that message).
struct PeerRubyToSwift {
    var session: PeerSession
    var lane: LiveLane
    var exchange: String
    var consumers: [PeerSpec.Consumer]
    var timeout: Duration
    var environment: CheckEnvironment

    private struct Received {
        var index: Int
        var delivery: Delivery
    }

    func run(_ cases: [(Int, PeerCase)]) async -> [Int: [CaseResult.Check]] {
        guard !cases.isEmpty else { return [:] }
        let start = await session.events.count
        var results: [Int: [CaseResult.Check]] = [:]
        var received: [Received] = []
        let channel: UInt16
        let consumer: LiveConsumer
        do {
            channel = try await lane.channel()
            let queue = try await lane.captureQueue(boundTo: exchange, on: channel)
            consumer = try await LiveConsumer.start(queue: queue, tag: "hutch-conformance-peer", on: channel, connection: lane.connection)
        } catch {
            for (index, _) in cases {
                results[index] = [Self.failure("capture queue", "Swift consumes from the peer's exchange", "\(error)")]
            }
            return results
        }
        for (index, peerCase) in cases {
            let id = peerCase.recorded.id
            do {
                try await session.send(peerCase.publishCommand)
            } catch {
                results[index] = [Self.failure("command", "publish \(id)", "\(error)")]
                continue
            }
            await session.wait(within: timeout) { events in
                events.contains { ($0.kind == .published || $0.kind == .error) && $0.id == id }
            }
            let answer = await session.events.dropFirst(start).last { ($0.kind == .published || $0.kind == .error) && $0.id == id }
            guard let published = answer, published.kind == .published else {
                let reason =
                    answer.map { "\($0.string("error_class") ?? "error"): \($0.string("error") ?? "")" }
                    ?? "no published event within \(timeout)"
                results[index] = [Self.failure("published", "publishes the input", reason)]
                _ = await consumer.next(within: .milliseconds(200))
                continue
            }
            guard let incoming = await consumer.next(within: timeout) else {
                results[index] = [
                    Self.failure(
                        "delivery", "published to \(published.string("exchange") ?? "?")", "nothing delivered to Swift within \(timeout)")
                ]
                continue
            }
            let delivery = DeliveredMessage(incoming).delivery(consumerTag: incoming.consumerTag, deliveryTag: incoming.deliveryTag)
            try? await lane.connection.ack(incoming)
            received.append(Received(index: index, delivery: delivery))
            results[index] = Self.compare(published: published, delivered: delivery, swift: peerCase.swift)
        }

        var expectation = PeerConsumedExpectation(start: start)
        for item in received {
            for peerConsumer in consumers where PeerConsumedComparison.isBuilt(item.delivery, by: peerConsumer) {
                expectation.expect(consumer: peerConsumer.className, messageID: item.delivery.properties.messageID)
            }
        }
        let complete = await expectation.wait(on: session, within: timeout)
        consumer.stop()
        try? await lane.connection.closeChannel(channel)

        let waited = complete ? "(the expected events all came)" : "within \(timeout)"
        var pool = PeerEventPool(await session.events.dropFirst(start).filter { $0.kind == .consumed })
        for item in received {
            let comparison = PeerConsumedComparison(
                expected: item.delivery,
                events: consumers.map { ($0, pool.take(consumer: $0.className, messageID: item.delivery.properties.messageID)) },
                waited: waited)
            results[item.index, default: []].append(CaseResult.Check(name: "peer ruby->swift message", differences: comparison.message()))
        }
        return results
    }

    /// The delivery against Ruby's `published` frames, and Swift's conventions against them.
    static func compare(published: PeerEvent, delivered: Delivery, swift: OutgoingMessage) -> [CaseResult.Check] {
        let ruby: OutgoingMessage
        do {
            ruby = try LiveRoundTrip.rubyPublish(try RecordedMessage.read(FieldReader(published.fields, file: "peer", path: "published")))
        } catch {
            return [failure("published", "a published event with decodable frames", "\(error)")]
        }
        var delivery = ModelDiffer()
        delivery.compare("delivered.exchange", ruby: ruby.exchange, swift: delivered.deliver.exchange)
        delivery.compare("delivered.routing_key", ruby: ruby.routingKey, swift: delivered.deliver.routingKey)
        delivery.compare("delivered.redelivered", ruby: false, swift: delivered.deliver.redelivered)
        delivery.compare("delivered.properties", ruby: ruby.properties, swift: delivered.properties)
        delivery.compare("delivered.body", ruby: ruby.body, swift: delivered.body)

        var model = ModelDiffer()
        var adopted = swift
        if adopted.properties.messageID != nil, let id = ruby.properties.messageID { adopted.properties.messageID = id }
        if adopted.properties.timestamp != nil, let time = ruby.properties.timestamp { adopted.properties.timestamp = time }
        model.compare("published.exchange", ruby: ruby.exchange, swift: adopted.exchange)
        model.compare("published.routing_key", ruby: ruby.routingKey, swift: adopted.routingKey)
        model.compare("published.properties", ruby: ruby.properties, swift: adopted.properties)
        model.compare("published.body", ruby: ruby.body, swift: adopted.body)
        return [
            CaseResult.Check(name: "peer ruby->swift delivery", differences: delivery.differences),
            CaseResult.Check(name: "peer ruby->swift publish model", differences: model.differences)
        ]
    }

    static func failure(_ path: String, _ ruby: String, _ swift: String) -> CaseResult.Check {
        CaseResult.Check(name: "peer ruby->swift delivery", differences: [Difference(path: path, ruby: ruby, swift: swift)])
    }
}
