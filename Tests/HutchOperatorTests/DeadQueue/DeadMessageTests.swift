import Foundation
import HutchAMQP
import HutchConventions
import HutchOperator
import Testing

/// Reading a dead message, choosing which to move and what history they carry (no broker).
@Suite struct DeadMessageTests {
    static func delivery(routingKey: String, headers: FieldTable?, id: String? = "m", body: [UInt8] = Array("{}".utf8)) -> IncomingDelivery
    {
        IncomingDelivery(
            channel: 1, consumerTag: "", deliveryTag: 1, redelivered: false, exchange: "hutch", routingKey: routingKey,
            properties: BasicProperties(headers: headers, messageID: id), body: body)
    }

    static func death(queue: String, count: Int64, time: UInt64, keys: [String]) -> FieldValue {
        .table(
            FieldTable(pairs: [
                ("count", .int64(count)), ("reason", .string("expired")), ("queue", .string(queue)), ("time", .timestamp(time)),
                ("exchange", .string("hutch.schedule")), ("routing-keys", .array(keys.map { .string($0) }))
            ]))
    }

    @Test("The original routing key, the x-death count for it, and the first and last x-death times")
    func readsXDeath() {
        let headers = FieldTable(pairs: [
            (
                "x-death",
                .array([
                    Self.death(
                        queue: "hutch_delay_queue_10s", count: 2, time: 1_700_000_200, keys: ["hutch.schedule.10s", "orders.created"]),
                    Self.death(queue: "hutch_delay_queue_5s", count: 1, time: 1_700_000_100, keys: ["hutch.schedule.5s", "orders.created"])
                ])
            )
        ])
        let message = DeadMessage(position: 3, delivery: Self.delivery(routingKey: "dead_queue.orders.created", headers: headers))
        #expect(message.originalRoutingKey == "orders.created")
        #expect(message.failureCount == 3)
        #expect(message.firstFailure == Date(timeIntervalSince1970: 1_700_000_100))
        #expect(message.lastFailure == Date(timeIntervalSince1970: 1_700_000_200))
        let other = DeadMessage(position: 1, delivery: Self.delivery(routingKey: "orders.created", headers: nil))
        #expect(other.originalRoutingKey == "orders.created")
        #expect(other.failureCount == 0 && other.firstFailure == nil)
        let fromDelayQueue = DeadMessage(
            position: 1,
            delivery: Self.delivery(
                routingKey: "dead_queue.shop.schedule.30s", headers: FieldTable(pairs: [("CC", .array([.string("orders.created")]))])))
        #expect(fromDelayQueue.originalRoutingKey == "orders.created")
        let counted = DeadMessage(
            position: 1, delivery: Self.delivery(routingKey: "dead_queue.a", headers: FieldTable(pairs: [("x-retries", .int64(7))])),
            counter: RetryCountHeader(name: "x-retries"))
        #expect(counted.failureCount == 7)
    }

    @Test("Body preview: cut at the limit with …, invalid UTF-8 replaced")
    func bodyPreview() {
        let message = DeadMessage(
            position: 1, delivery: Self.delivery(routingKey: "a", headers: nil, body: Array("héllo wörld".utf8) + [0xFF]))
        #expect(message.bodyPreview(limit: 5) == "héllo…")
        #expect(message.bodyPreview(limit: 100) == "héllo wörld\u{FFFD}")
    }

    @Test("reset drops x-death, RabbitMQ's x-first/last-death headers and the counter header; keep keeps everything")
    func retryHistory() {
        let headers = FieldTable(pairs: [
            ("x-death", .array([])), ("x-first-death-queue", .string("q")), ("x-last-death-reason", .string("expired")),
            ("x-hutch-retry-count", .int64(4)), ("app", .string("kept"))
        ])
        #expect(RetryHistory.reset(counterHeader: "x-hutch-retry-count").headers(headers) == FieldTable(pairs: [("app", .string("kept"))]))
        #expect(RetryHistory.reset(counterHeader: "other").headers(headers)?["x-hutch-retry-count"] == .int64(4))
        #expect(RetryHistory.reset(counterHeader: "x-hutch-retry-count").headers(FieldTable(pairs: [("x-death", .array([]))])) == nil)
        #expect(RetryHistory.keep.headers(headers) == headers)
        #expect(RetryHistory.reset(counterHeader: "x").headers(nil) == nil)
    }

    @Test("Selection by message id or position; all selects everything")
    func selection() {
        let first = DeadMessage(position: 1, delivery: Self.delivery(routingKey: "a", headers: nil, id: "id-1"))
        let second = DeadMessage(position: 2, delivery: Self.delivery(routingKey: "a", headers: nil, id: nil))
        let byID = DeadMessageSelection.matching(messageIDs: ["id-1"], positions: [])
        let byPosition = DeadMessageSelection.matching(messageIDs: [], positions: [2])
        #expect(byID.selects(first) && !byID.selects(second))
        #expect(!byPosition.selects(first) && byPosition.selects(second))
        #expect(DeadMessageSelection.all.selects(first) && DeadMessageSelection.all.selects(second))
    }

    @Test("Header values as text: strings quoted, timestamps ISO 8601, nested arrays and tables")
    func headerText() {
        let value = FieldValue.array([Self.death(queue: "q", count: 1, time: 0, keys: ["k"]), .boolean(true), .void])
        #expect(
            HeaderText.render(value) == """
                [{count: 1, reason: "expired", queue: "q", time: 1970-01-01T00:00:00Z, exchange: "hutch.schedule", routing-keys: ["k"]}, true, nil]
                """)
    }
}
