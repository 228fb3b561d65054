import HutchAMQP
import HutchConventions
import Testing

@testable import Hutch

@Suite struct MaxRetryHandlerTests {
    let consumer = ConsumerDefinition(className: "RetryConsumer", routingKeys: ["orders.paid"], attempts: 3)

    func failure(headers: FieldTable?, routingKey: String = "orders.paid", counting: RetryCounting = .xDeath) -> FailedDelivery {
        let delivery = IncomingDelivery(
            channel: 1, consumerTag: "t", deliveryTag: 1, redelivered: false, exchange: "hutch", routingKey: routingKey,
            properties: BasicProperties(headers: headers, messageID: "m-1"), body: Array(#"{"id":1}"#.utf8))
        return FailedDelivery(
            delivery: delivery, consumer: consumer, error: CancellationError(), undecodable: false,
            failureCount: counting.failureCount(headers: headers, routingKeys: consumer.routingKeys))
    }

    func xDeath(count: Int64) -> FieldTable {
        FieldTable(pairs: [
            (
                "x-death",
                .array([
                    .table(
                        FieldTable(pairs: [
                            ("count", .int64(count)), ("queue", .string("hutch_delay_queue_5s")),
                            ("routing-keys", .array([.string("hutch.schedule.5s"), .string("orders.paid")]))
                        ]))
                ])
            )
        ])
    }

    func handler(_ counting: RetryCounting, deadQueue: Bool = false) -> MaxRetryHandler {
        var settings = HutchClientSettings()
        settings.retryCounting = counting
        settings.deadQueue = deadQueue
        return MaxRetryHandler(settings: settings, environment: .fixed(timestamp: 1_700_000_000, messageID: "new-id"))
    }

    @Test func xDeathCountingRepublishesAsHutchSchedule() throws {
        let message = try #require(try handler(.xDeath).retryMessage(failure(headers: xDeath(count: 1))))
        #expect(message.exchange == "hutch.schedule")
        #expect(message.routingKey == "hutch.schedule.5s")
        #expect(message.properties.expiration == "5000")
        #expect(message.properties.messageID == "new-id")
        #expect(message.body == Array(#"{"id":1}"#.utf8))
        #expect(message.properties.headers?["CC"] == .array([.string("orders.paid")]))
        #expect(message.properties.headers?["x-death"] != nil)
    }

    @Test func noRetryAfterTheLastAttempt() throws {
        #expect(try handler(.xDeath).retryMessage(failure(headers: xDeath(count: 3))) == nil)
    }

    @Test func theCounterHeaderCountsAndReadsRubysXDeath() throws {
        let counting = RetryCounting.counterHeader(RetryCountHeader())
        // A message Ruby retried once: x-death count 1 and no counter yet.
        let first = try #require(try handler(counting).retryMessage(failure(headers: xDeath(count: 1), counting: counting)))
        #expect(first.properties.headers?["x-hutch-retry-count"] == .int64(2))
        // On RabbitMQ ≥ 3.13 x-death stays at 1, the counter keeps rising and ends the retries.
        var headers = xDeath(count: 1)
        headers.set("x-hutch-retry-count", .int64(3))
        #expect(try handler(counting).retryMessage(failure(headers: headers, counting: counting)) == nil)
    }

    @Test func deadMessagesKeepTheRoutingKeyTheyWerePublishedWith() {
        let handler = handler(.xDeath, deadQueue: true)
        #expect(handler.originalRoutingKey(failure(headers: nil)) == "orders.paid")
        var headers = xDeath(count: 3)
        headers.append("CC", .array([.string("orders.paid")]))
        #expect(handler.originalRoutingKey(failure(headers: headers, routingKey: "hutch.schedule.5s")) == "orders.paid")
        let dead = DeadQueue(exchange: "hutch")
        let message = dead.message(
            for: failure(headers: headers, routingKey: "hutch.schedule.5s").coreDelivery, originalRoutingKey: "orders.paid")
        #expect(message.routingKey == "dead_queue.orders.paid")
        #expect(message.properties.headers?["CC"] == nil)
        #expect(message.properties.headers?["x-death"] != nil)
        #expect(dead.queueName == "hutch_dead_queue")
        #expect(dead.queueBind.routingKey == "dead_queue.#")
        #expect(
            dead.queueDeclare.arguments
                == FieldTable(pairs: [
                    ("x-message-ttl", .int64(2_592_000_000)), ("x-max-length", .int64(100_000))
                ]))
    }
}
