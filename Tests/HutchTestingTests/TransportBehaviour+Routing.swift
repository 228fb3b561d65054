import HutchAMQP
import HutchConventions
import Testing

/// The shared behaviour scenarios: written once against `any AMQPTransport`, run on the
/// real broker (RealBrokerBehaviourTests) and on the in-memory one
/// (InMemoryBrokerBehaviourTests). A difference is a defect of the double.
enum TransportBehaviour {
    static func bodies(_ messages: [FetchedMessage]) -> [String] { messages.map { String(decoding: $0.delivery.body, as: UTF8.self) } }

    /// Every message of `queue` now, acknowledged.
    static func drain(_ queue: String, _ transport: any AMQPTransport) async throws -> [String] {
        var taken: [FetchedMessage] = []
        while let message = try await transport.take(queue) { taken.append(message) }
        return bodies(taken)
    }

    /// The default exchange, direct, topic (`*`, `#`), fanout and headers exchanges route
    /// as RabbitMQ does.
    static func routing(_ broker: BrokerUnderTest) async throws {
        let (a, b, c) = (broker.uniqueName("a"), broker.uniqueName("b"), broker.uniqueName("c"))
        let (topic, direct, fanout, headers) = (
            broker.uniqueName("topic"), broker.uniqueName("direct"), broker.uniqueName("fanout"), broker.uniqueName("headers")
        )
        try await broker.withTransport(queues: [a, b, c], exchanges: [topic, direct, fanout, headers]) { t in
            for queue in [a, b, c] { try await t.declareQueue(queue) }
            for (name, type) in [(topic, "topic"), (direct, "direct"), (fanout, "fanout"), (headers, "headers")] {
                _ = try await t.declare(.exchangeDeclare(ExchangeDeclare(exchange: name, type: type, durable: false)), on: 1)
            }
            let binds: [(String, String, String, FieldTable)] = [
                (a, topic, "order.*", FieldTable()), (b, topic, "order.#", FieldTable()), (c, topic, "#.paid", FieldTable()),
                (a, direct, "k", FieldTable()), (b, fanout, "ignored", FieldTable()),
                (c, headers, "", FieldTable(pairs: [("x-match", .string("any")), ("kind", .string("x")), ("n", .int64(1))]))
            ]
            for (queue, exchange, key, arguments) in binds {
                _ = try await t.declare(
                    .queueBind(QueueBind(queue: queue, exchange: exchange, routingKey: key, arguments: arguments)), on: 1)
            }
            try await t.publish("t1", to: topic, routingKey: "order.created")
            try await t.publish("t2", to: topic, routingKey: "order.item.paid")
            try await t.publish("t3", to: topic, routingKey: "order")
            try await t.publish("t4", to: topic, routingKey: "paid")
            try await t.publish("d1", to: direct, routingKey: "k")
            try await t.publish("d2", to: direct, routingKey: "other")
            try await t.publish("f1", to: fanout, routingKey: "anything")
            try await t.publish(
                "h1", to: headers, routingKey: "", properties: BasicProperties(headers: FieldTable(pairs: [("kind", .string("x"))])))
            try await t.publish(
                "h2", to: headers, routingKey: "", properties: BasicProperties(headers: FieldTable(pairs: [("kind", .string("y"))])))
            try await t.publish("q1", routingKey: a)
            try await t.publish(
                "cc", routingKey: "nowhere", properties: BasicProperties(headers: FieldTable(pairs: [("CC", .array([.string(b)]))])))
            try await t.settle(finalBody: "end", routingKey: a)
            #expect(try await drain(a, t) == ["t1", "d1", "q1", "end"])
            #expect(try await drain(b, t) == ["t1", "t2", "t3", "f1", "cc"])
            #expect(try await drain(c, t) == ["t2", "t4", "h1"])
        }
    }
}
