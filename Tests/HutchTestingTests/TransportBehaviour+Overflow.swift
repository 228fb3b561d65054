import HutchAMQP
import HutchConventions
import Testing

extension TransportBehaviour {
    /// `x-max-length` 1 (ready messages) with each `x-overflow`: `reject-publish` nacks a
    /// publish to the full queue and does not enqueue it (a queue it also reaches through
    /// `CC` takes it all the same), and acks again once a message is taken;
    /// `reject-publish-dlx` nacks and dead-letters the refused message with reason
    /// `maxlen`; `drop-head` (the default) acks and dead-letters the oldest message instead.
    static func maxLengthOverflow(_ broker: BrokerUnderTest) async throws {
        let rejecting = broker.uniqueName("reject-publish")
        let rejectingToDLX = broker.uniqueName("reject-publish-dlx")
        let dropping = broker.uniqueName("drop-head")
        let other = broker.uniqueName("cc")
        let dlq = broker.uniqueName("maxlen-dlq")
        let dlx = broker.uniqueName("maxlen-dlx")
        try await broker.withTransport(queues: [rejecting, rejectingToDLX, dropping, other, dlq], exchanges: [dlx]) { t in
            _ = try await t.declare(.exchangeDeclare(ExchangeDeclare(exchange: dlx, type: "fanout", durable: false)), on: 1)
            try await t.declareQueue(dlq)
            _ = try await t.declare(.queueBind(QueueBind(queue: dlq, exchange: dlx, routingKey: "")), on: 1)
            try await t.declareQueue(other)
            func bounded(_ overflow: String?) -> FieldTable {
                var arguments = FieldTable(pairs: [("x-max-length", .int64(1)), ("x-dead-letter-exchange", .string(dlx))])
                if let overflow { arguments.set("x-overflow", .string(overflow)) }
                return arguments
            }
            try await t.declareQueue(rejecting, arguments: bounded("reject-publish"))
            try await t.declareQueue(rejectingToDLX, arguments: bounded("reject-publish-dlx"))
            try await t.declareQueue(dropping, arguments: bounded(nil))
            try await t.confirmSelect(on: 1)

            try await t.publishAcked("a", routingKey: rejecting)
            #expect(try await t.publishNacked("b", routingKey: rejecting))
            let copied = BasicProperties(headers: FieldTable(pairs: [("CC", .array([.string(other)]))]))
            #expect(try await t.publishNacked("c", routingKey: rejecting, properties: copied), "nacked though \(other) took it")
            #expect(try await t.bodies(in: rejecting) == ["a"], "the nacked publishes are not in \(rejecting)")
            #expect(try await t.bodies(in: other) == ["c"])
            try await t.publishAcked("d", routingKey: rejecting)
            #expect(try await t.bodies(in: rejecting) == ["d"])

            try await t.publishAcked("e", routingKey: rejectingToDLX)
            #expect(try await t.publishNacked("f", routingKey: rejectingToDLX))
            #expect(try await t.bodies(in: rejectingToDLX) == ["e"])
            let refused = try await broker.eventually("the refused message in \(dlq)") { try await t.take(dlq) }.delivery
            #expect(String(decoding: refused.body, as: UTF8.self) == "f")
            #expect(refused.properties.headers?["x-first-death-reason"]?.stringValue == "maxlen")
            #expect(refused.properties.headers?["x-first-death-queue"]?.stringValue == rejectingToDLX)

            try await t.publishAcked("g", routingKey: dropping)
            try await t.publishAcked("h", routingKey: dropping)
            #expect(try await t.bodies(in: dropping) == ["h"])
            let dropped = try await broker.eventually("the dropped head in \(dlq)") { try await t.take(dlq) }.delivery
            #expect(String(decoding: dropped.body, as: UTF8.self) == "g")
            #expect(dropped.properties.headers?["x-first-death-reason"]?.stringValue == "maxlen")
            #expect(dropped.properties.headers?["x-first-death-queue"]?.stringValue == dropping)
        }
    }
}

extension AMQPTransport {
    /// Publishes `body` confirmed on channel 1 (in confirm mode) and expects an ack.
    fileprivate func publishAcked(_ body: String, routingKey: String) async throws(AMQPError) {
        try await publishConfirmed(
            BasicPublish(exchange: "", routingKey: routingKey), properties: BasicProperties(), body: Array(body.utf8), on: 1,
            timeout: .seconds(10), blockedTimeout: .seconds(5), failWhenUnroutable: false)
    }

    /// Publishes `body` confirmed on channel 1 (in confirm mode); whether the broker nacked
    /// it (`publishNacked`, scope `call`). Any other error is thrown.
    fileprivate func publishNacked(_ body: String, routingKey: String, properties: BasicProperties = BasicProperties())
        async throws(AMQPError) -> Bool
    {
        do throws(AMQPError) {
            try await publishConfirmed(
                BasicPublish(exchange: "", routingKey: routingKey), properties: properties, body: Array(body.utf8), on: 1,
                timeout: .seconds(10), blockedTimeout: .seconds(5), failWhenUnroutable: false)
            return false
        } catch  where error.code == .publishNacked && error.scope == .call {
            return true
        }
    }

    /// Takes every ready message of `queue` on channel 1 and returns their bodies in order.
    fileprivate func bodies(in queue: String) async throws(AMQPError) -> [String] {
        var bodies: [String] = []
        while let fetched = try await take(queue) { bodies.append(String(decoding: fetched.delivery.body, as: UTF8.self)) }
        return bodies
    }
}
