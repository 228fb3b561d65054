// swift-format-ignore-file
// (the README's and the DocC articles' code blocks stand verbatim in this file: DocumentedBlocks checks it)
import Hutch
import Testing
import Tracing

// The README's client example, compiled here with `import Hutch` alone and run against
// the test broker. `ReadmeExamplesTests.readmeBlocksAreHere` checks that every README
// block stands verbatim in one of the README example files.

struct OrderCreated: Codable, Sendable {
    var id: Int
    var total: Double
}

/// The application's own code the example consumer hands orders to.
actor OrderBook {
    private(set) var orders: [Int] = []
    func record(_ order: OrderCreated, failureCount: Int) { orders.append(order.id) }
}

struct OrderConsumer: HutchConsumer {
    static let routingKeys = ["orders.created"]
    static let attempts = 3  // hutch-schedule's `attempts 3`
    static let maxConcurrency: Int? = 4
    let orders: OrderBook

    func process(_ message: ReceivedMessage<OrderCreated>) async throws {
        await orders.record(message.body, failureCount: message.failureCount)
    }
}

struct ShipOrderConsumer: HutchConsumer {
    static let routingKeys = ["orders.paid"]

    func process(_ message: ReceivedMessage<OrderCreated>, context: HandlerContext) async throws {
        context.logger.info("shipping")  // metadata: message_id, routing_key, consumer
        try await context.publisher.publish("orders.shipped", message.body)
    }
}

@Suite struct ReadmeClientExampleTests {
    @Test(LiveBroker.reachable) func clientExampleRuns() async throws {
        let exchange = LiveBroker.uniqueName("readme")
        let environment = ["HUTCH_URI": try #require(LiveBroker.url), "HUTCH_MQ_EXCHANGE": exchange]
        let logger = LiveBroker.logger("readme")
        let orderBook = OrderBook()
        let settings = try HutchClientSettings.load(
            env: environment,  // HUTCH_URI, HUTCH_MQ_HOST, HUTCH_MQ_EXCHANGE, …
            profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))  // the Ruby side
        let connection = HutchConnection(settings: settings, logger: logger)
        let worker = Worker(connection: connection, consumers: [OrderConsumer(orders: orderBook)], logger: logger)

        let group = ServiceGroup(services: [connection, worker], gracefulShutdownSignals: [.sigterm], logger: logger)
        let running = Task { try await group.run() }
        try await worker.waitForSubscription()

        try await worker.publisher.publish("orders.created", OrderCreated(id: 1, total: 9.5))
        try await worker.publisher.enqueueIn(.seconds(30), OrderCreated(id: 2, total: 5), for: OrderConsumer.self)

        do {
            try await worker.publisher.publish("orders.cancelled", OrderCreated(id: 3, total: 1), properties: ["mandatory": true], confirm: true)
        } catch let unroutable as UnroutableMessage {
            logger.error("nobody consumes \(unroutable.routingKey): \(unroutable.replyCode) \(unroutable.replyText)")
        }
        await #expect(throws: UnroutableMessage.self) {
            try await worker.publisher.publish("orders.cancelled", OrderCreated(id: 3, total: 1), properties: ["mandatory": true], confirm: true)
        }

        let deadline = ContinuousClock.now + .seconds(10)
        while await orderBook.orders.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        await group.triggerGracefulShutdown()
        try await running.value
        await LiveBroker.cleanUp(settings: settings, queues: ["order_consumer"])
        #expect(await orderBook.orders == [1])
    }

    @Test(LiveBroker.reachable) func runtimeConsumerExampleRuns() async throws {
        let exchange = LiveBroker.uniqueName("readme-dynamic")
        let environment = ["HUTCH_URI": try #require(LiveBroker.url), "HUTCH_MQ_EXCHANGE": exchange]
        let logger = LiveBroker.logger("readme-dynamic")
        let orderBook = OrderBook()
        let settings = try HutchClientSettings.load(env: environment, profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        let connection = HutchConnection(settings: settings, logger: logger)
        let shipped = DynamicConsumer(ConsumerDefinition(className: "ReadmeShippedConsumer", routingKeys: ["orders.shipped"]), body: OrderCreated.self) {
            message, _ in await orderBook.record(message.body, failureCount: 0)
        }
        let shipping = Worker(connection: connection, consumers: [ShipOrderConsumer()], dynamicConsumers: [shipped], logger: logger)

        let regions = ["Orders::EuConsumer": "orders.eu.created", "Orders::UsConsumer": "orders.us.created"]  // from configuration
        let regional = regions.map { className, routingKey in
            DynamicConsumer(
                ConsumerDefinition(className: className, routingKeys: [routingKey], attempts: 3),
                maxConcurrency: 4, body: OrderCreated.self
            ) { message, context in
                await orderBook.record(message.body, failureCount: context.failureCount)
            }
        }
        let regionalWorker = Worker(connection: connection, dynamicConsumers: regional, logger: logger)

        let queues = try TopologyDeclarer(settings: settings).plan(consumers: shipping.consumerDefinitions + regionalWorker.consumerDefinitions)
            .consumerQueues
        #expect(Set(queues) == ["ship_order_consumer", "readme_shipped_consumer", "orders:eu_consumer", "orders:us_consumer"])
        let group = ServiceGroup(services: [connection, shipping, regionalWorker], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        try await shipping.waitForSubscription()
        try await regionalWorker.waitForSubscription()
        try await shipping.publisher.publish("orders.us.created", OrderCreated(id: 3, total: 1), confirm: true)
        try await shipping.publisher.publish("orders.paid", OrderCreated(id: 4, total: 2), confirm: true)
        try await waitUntil(timeout: .seconds(10)) { await orderBook.orders.count >= 2 }
        await group.triggerGracefulShutdown()
        try await running.value
        await LiveBroker.cleanUp(settings: settings, queues: queues)
        #expect(await orderBook.orders.sorted() == [3, 4])
    }

    @Test(LiveBroker.reachable) func confirmedPublishesOnTheExecutorExampleRuns() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("readme-executor"))
        let publisher = Publisher(connection: hutch)
        let orders = [OrderCreated(id: 1, total: 9.5), OrderCreated(id: 2, total: 5)]

        try await withTaskExecutorPreference(publisher.executor) {
            for order in orders {
                try await publisher.publish("orders.created", order, confirm: true)
            }
        }

        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [])
    }

    @Test(LiveBroker.reachable) func sendAllExampleConfirmsEveryOrder() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("readme-send-all"))
        let publisher = Publisher(connection: hutch)
        let orders = [OrderCreated(id: 1, total: 9.5), OrderCreated(id: 2, total: 5)]

        let messages = try orders.map { try Publisher.message("orders.created", $0, configuration: settings.publisherConfiguration) }
        for (order, result) in zip(orders, await publisher.sendAll(messages, confirm: true)) {
            if case .failure(let error) = result { print("order \(order.id) not confirmed: \(error)") }
        }

        let results = await publisher.sendAll(messages, confirm: true)
        #expect(results.count == 2 && results.allSatisfy { (try? $0.get()) != nil }, "\(results)")
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [])
    }

    @Test func observabilityExampleTurnsTracingOn() throws {
        let environment = ["HUTCH_URI": "amqp://guest:guest@127.0.0.1:5672/"]
        let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)
        #expect(HutchClientSettings().observability.tracer == nil, "tracing is off by default")
        var settings = try HutchClientSettings.load(env: environment, profile: profile)
        settings.observability.tracer = InstrumentationSystem.tracer
        #expect(settings.observability.tracer != nil)
    }
}
