import HutchAMQP
import HutchConventions
import Testing

extension TransportBehaviour {
    /// The `x-death` entry RabbitMQ 3.10 writes, in its order, with the time it recorded.
    static func death(
        count: Int64, reason: String, queue: String, time: FieldValue, exchange: String, routingKeys: [String],
        originalExpiration: String? = nil
    ) -> FieldValue {
        var pairs: [(String, FieldValue)] = [
            ("count", .int64(count)), ("reason", .string(reason)), ("queue", .string(queue)), ("time", time),
            ("exchange", .string(exchange)), ("routing-keys", .array(routingKeys.map { .string($0) }))
        ]
        if let originalExpiration { pairs.append(("original-expiration", .string(originalExpiration))) }
        return .table(FieldTable(pairs: pairs))
    }

    /// The `time` of the first `x-death` entry (a timestamp), to put in the expected headers.
    static func deathTime(_ headers: FieldTable?) throws -> FieldValue {
        guard case .array(let deaths)? = headers?["x-death"], case .table(let first)? = deaths.first, let time = first["time"] else {
            Issue.record("no x-death entry with a time in \(String(describing: headers))")
            throw BehaviourTimeout(what: "an x-death time")
        }
        guard case .timestamp = time else {
            Issue.record("x-death time is not a timestamp: \(time)")
            return time
        }
        return time
    }

    /// A message rejected without requeue goes to the queue's dead-letter exchange with
    /// its original routing key and RabbitMQ's `x-death` and `x-first-death-*` headers.
    static func deadLetterOnReject(_ broker: BrokerUnderTest) async throws {
        let work = broker.uniqueName("work")
        let dlq = broker.uniqueName("dlq")
        let dlx = broker.uniqueName("dlx")
        try await broker.withTransport(queues: [work, dlq], exchanges: [dlx]) { t in
            _ = try await t.declare(.exchangeDeclare(ExchangeDeclare(exchange: dlx, type: "fanout", durable: false)), on: 1)
            try await t.declareQueue(dlq)
            _ = try await t.declare(.queueBind(QueueBind(queue: dlq, exchange: dlx, routingKey: "")), on: 1)
            try await t.declareQueue(work, arguments: FieldTable(pairs: [("x-dead-letter-exchange", .string(dlx))]))
            try await t.publish(
                "m", routingKey: work, properties: BasicProperties(headers: FieldTable(pairs: [("zz", .int64(1)), ("app", .string("a"))])))
            let fetched = try await broker.eventually("the message in \(work)") { try await t.get(queue: work, autoAck: false, on: 1) }
            try await t.reject(fetched.delivery, requeue: false)
            let dead = try await broker.eventually("the dead letter in \(dlq)") { try await t.take(dlq) }.delivery
            #expect(dead.exchange == dlx)
            #expect(dead.routingKey == work)
            #expect(String(decoding: dead.body, as: UTF8.self) == "m")
            let time = try deathTime(dead.properties.headers)
            let expected = FieldTable(pairs: [
                ("app", .string("a")),
                ("x-death", .array([death(count: 1, reason: "rejected", queue: work, time: time, exchange: "", routingKeys: [work])])),
                ("x-first-death-exchange", .string("")), ("x-first-death-queue", .string(work)),
                ("x-first-death-reason", .string("rejected")), ("zz", .int64(1))
            ])
            #expect(dead.properties.headers == expected)
        }
    }

    /// Per-message `expiration` and queue `x-message-ttl`: the message expires and is
    /// dead-lettered (`reason` `expired`, `original-expiration`, no `expiration` left);
    /// a second trip through the same queue raises the entry's `count` (what
    /// hutch-schedule's delay levels and Hutch's MaxRetry count on).
    static func expiryDeadLetters(_ broker: BrokerUnderTest) async throws {
        let delay = broker.uniqueName("delay")
        let target = broker.uniqueName("target")
        let queueTTL = broker.uniqueName("queue-ttl")
        let back = broker.uniqueName("back")
        try await broker.withTransport(queues: [delay, target, queueTTL], exchanges: [back]) { t in
            _ = try await t.declare(.exchangeDeclare(ExchangeDeclare(exchange: back, type: "direct", durable: false)), on: 1)
            try await t.declareQueue(target)
            _ = try await t.declare(.queueBind(QueueBind(queue: target, exchange: back, routingKey: delay)), on: 1)
            _ = try await t.declare(.queueBind(QueueBind(queue: target, exchange: back, routingKey: "from-ttl")), on: 1)
            try await t.declareQueue(delay, arguments: FieldTable(pairs: [("x-dead-letter-exchange", .string(back))]))
            try await t.declareQueue(
                queueTTL,
                arguments: FieldTable(pairs: [
                    ("x-message-ttl", .int32(50)), ("x-dead-letter-exchange", .string(back)),
                    ("x-dead-letter-routing-key", .string("from-ttl"))
                ]))

            try await t.publish("once", routingKey: delay, properties: BasicProperties(expiration: "50"))
            await broker.passTime(.milliseconds(60))
            let first = try await broker.eventually("the expired message in \(target)") { try await t.take(target) }.delivery
            #expect(first.exchange == back)
            #expect(first.routingKey == delay)
            #expect(first.properties.expiration == nil)
            let time = try deathTime(first.properties.headers)
            let once = death(
                count: 1, reason: "expired", queue: delay, time: time, exchange: "", routingKeys: [delay], originalExpiration: "50")
            #expect(
                first.properties.headers
                    == FieldTable(pairs: [
                        ("x-death", .array([once])), ("x-first-death-exchange", .string("")),
                        ("x-first-death-queue", .string(delay)), ("x-first-death-reason", .string("expired"))
                    ]))

            var again = first.properties
            again.expiration = "40"
            try await t.publish("twice", routingKey: delay, properties: again)
            await broker.passTime(.milliseconds(50))
            let second = try await broker.eventually("the twice expired message in \(target)") { try await t.take(target) }.delivery
            // The entry for the same queue and reason counts 2, keeps its first time and
            // expiration, and is now sorted by key.
            let twice = FieldTable(pairs: [
                ("count", .int64(2)), ("exchange", .string("")), ("original-expiration", .string("50")),
                ("queue", .string(delay)), ("reason", .string("expired")), ("routing-keys", .array([.string(delay)])),
                ("time", time)
            ])
            #expect(second.properties.headers?["x-death"] == .array([.table(twice)]))
            #expect(second.properties.headers?["x-first-death-queue"] == .string(delay))

            try await t.publish("ttl", routingKey: queueTTL)
            await broker.passTime(.milliseconds(60))
            let byQueue = try await broker.eventually("the message expired by x-message-ttl") { try await t.take(target) }.delivery
            #expect(byQueue.routingKey == "from-ttl")
            let ttlTime = try deathTime(byQueue.properties.headers)
            #expect(
                byQueue.properties.headers?["x-death"]
                    == .array([
                        death(count: 1, reason: "expired", queue: queueTTL, time: ttlTime, exchange: "", routingKeys: [queueTTL])
                    ]))
        }
    }
}

extension TransportBehaviour {
    /// A message expires when it reaches the head of its queue: one with a short
    /// expiration behind one with a long expiration stays counted until the head leaves,
    /// then is dropped instead of delivered.
    static func expiryAtTheHead(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("head")
        try await broker.withTransport(queues: [queue]) { t in
            try await t.declareQueue(queue)
            try await t.publish("long", routingKey: queue, properties: BasicProperties(expiration: "60000"))
            try await t.publish("short", routingKey: queue, properties: BasicProperties(expiration: "50"))
            try await t.settle(finalBody: "last", routingKey: queue)
            await broker.passTime(.milliseconds(100))
            let counted = try await t.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            #expect(counted?.messageCount == 3)
            #expect(try await drain(queue, t) == ["long", "last"])
        }
    }
}
