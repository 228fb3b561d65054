import HutchAMQP
import HutchConventions

/// Publishes Ruby's recorded message (decoded from the frames Ruby's client wrote) and
/// Swift's message to the same exchange, reads both back through a plain queue bound
/// with `#`, and compares what the broker delivered for each.
enum LiveRoundTrip {
    /// What the comparison found: routing (did each arrive, from which exchange and
    /// routing key) and message (properties, headers, body).
    struct Outcome {
        var routing: [Difference] = []
        var message: [Difference] = []
    }

    /// How long to wait for a message that has no delay.
    static let arrivalTimeout: Duration = .seconds(5)

    /// Ruby's publish as its frames say (the JSON view when there are no frames).
    static func rubyPublish(_ ruby: RecordedMessage) throws -> OutgoingMessage {
        var publish = ruby.publish
        var properties = ruby.properties
        var body = ruby.body
        if let method = ruby.frames.first(where: { $0.kind == .method }),
            case .basicPublish(let decoded) = try MethodCodec.decode(method.payload)
        {
            publish = decoded
        }
        if let header = ruby.frames.first(where: { $0.kind == .header }) {
            properties = try ContentHeaderCodec.decode(header.payload).properties
            body = ruby.frames.filter { $0.kind == .body }.flatMap(\.payload)
        }
        return OutgoingMessage(
            exchange: publish.exchange, routingKey: publish.routingKey, mandatory: publish.mandatory, immediate: publish.immediate,
            properties: properties, body: body)
    }

    /// Runs the round trip on `lane`: declares `exchange` (a durable topic, as Hutch
    /// does) unless told it exists, binds a capture queue, publishes Ruby's then Swift's
    /// message with confirms, and compares the deliveries at `path`.
    static func compare(
        ruby: OutgoingMessage, swift: OutgoingMessage, lane: LiveLane, path: String, declareExchange: Bool = true
    ) async throws -> Outcome {
        let connection = lane.connection
        let exchange = ruby.exchange
        let (rubyDelivery, swiftDelivery) = try await lane.withChannel { channel in
            if declareExchange { try await lane.declareExchange(exchange, on: channel) }
            let queue = try await lane.captureQueue(boundTo: exchange, on: channel)
            try await connection.declare(.queueBind(QueueBind(queue: queue, exchange: exchange, routingKey: ruby.routingKey)), on: channel)
            let consumer = try await LiveConsumer.start(queue: queue, tag: "hutch-conformance-capture", on: channel, connection: connection)
            defer { consumer.stop() }
            try await lane.withChannel { publisher in
                try await connection.confirmSelect(on: publisher)
                try await connection.publishConfirmed(ruby.method, properties: ruby.properties, body: ruby.body, on: publisher)
                try await connection.publishConfirmed(swift.method, properties: swift.properties, body: swift.body, on: publisher)
            }
            let first = await consumer.next(within: arrivalTimeout)
            let second = first == nil ? nil : await consumer.next(within: arrivalTimeout)
            return (first, second)
        }

        var outcome = Outcome()
        var routing = ModelDiffer()
        routing.compare(path + ".exchange (published to)", ruby: ruby.exchange, swift: swift.exchange)
        guard let rubyDelivery else {
            routing.note(path + " (Ruby's frames)", ruby: "delivered to a queue bound with #", swift: "nothing delivered within 5 s")
            outcome.routing = routing.differences
            return outcome
        }
        guard let swiftDelivery else {
            routing.note(path, ruby: "delivered to a queue bound with #", swift: "nothing delivered within 5 s")
            outcome.routing = routing.differences
            return outcome
        }
        let rubySide = DeliveredMessage(rubyDelivery)
        let swiftSide = DeliveredMessage(swiftDelivery)
        routing.compare(path + ".exchange", ruby: rubySide.exchange, swift: swiftSide.exchange)
        routing.compare(path + ".routing_key", ruby: rubySide.routingKey, swift: swiftSide.routingKey)
        outcome.routing = routing.differences
        var message = ModelDiffer()
        message.compare(path + ".properties", ruby: rubySide.properties, swift: swiftSide.properties)
        message.compare(path + ".body", ruby: rubySide.body, swift: swiftSide.body)
        outcome.message = message.differences
        return outcome
    }
}
