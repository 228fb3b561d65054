import Hutch
import HutchConventions
import HutchTesting
import Testing

/// The static form of one of the runtime consumers below, for comparing what each yields.
struct RegionOrdersConsumer: HutchConsumer {
    static let className = "Orders::RegionOrdersConsumer"
    static let routingKeys = ["orders.eu.created", "orders.eu.updated"]
    static let attempts = 3
    static let arguments: JSONObject = ["x-max-length": 100]
    func process(_ message: ReceivedMessage<JSONValue>) async throws {}
}

/// Runtime consumers (`DynamicConsumer`): their definitions, their consumer group, and,
/// on the in-memory broker, what each receives.
@Suite struct DynamicConsumerRulesTests {
    struct Order: Codable, Sendable, Equatable { var id: Int }
    struct Seen: Sendable, Equatable {
        var consumer: String
        var routingKey: String
        var id: Int
    }

    /// Consumers from configuration: one handler, one consumer per region.
    static func consumers(_ regions: [String: String], seen: Collector<Seen>) -> [DynamicConsumer] {
        regions.sorted { $0.key < $1.key }.map { region, routingKey in
            DynamicConsumer(
                ConsumerDefinition(className: "Orders::\(region)Consumer", routingKeys: [routingKey], attempts: 2),
                maxConcurrency: 2, body: Order.self
            ) { message, context in
                await seen.append(Seen(consumer: context.consumer, routingKey: message.routingKey, id: message.body.id))
            }
        }
    }

    @Test func aRuntimeConsumerYieldsTheQueueAndDeclarationsOfItsStaticForm() throws {
        let settings = HutchClientSettings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        let hutch = HutchConnection(settings: settings)
        let runtime = DynamicConsumer(
            ConsumerDefinition(
                className: "Orders::RegionOrdersConsumer", routingKeys: ["orders.eu.created", "orders.eu.updated"],
                arguments: ["x-max-length": 100], attempts: 3)
        ) { (_: ReceivedMessage<JSONValue>, _) in }
        let fromType = Worker(connection: hutch, consumers: [RegionOrdersConsumer()]).consumerDefinitions
        let fromValue = Worker(connection: hutch, dynamicConsumers: [runtime]).consumerDefinitions
        #expect(fromValue == fromType)

        let declarer = TopologyDeclarer(settings: settings)
        let typePlan = try declarer.plan(consumers: fromType)
        let valuePlan = try declarer.plan(consumers: fromValue)
        #expect(valuePlan.consumerQueues == typePlan.consumerQueues)
        #expect(valuePlan.consumerQueues == ["orders:region_orders_consumer"])
        func declarations(_ consumers: [ConsumerDefinition]) -> [AMQPMethod] {
            TopologyPlan(
                profile: settings.profile, config: settings.topology, schedule: true, consumers: consumers, makeUUID: { "tag" },
                modelBrokerRefusals: false
            ).declarations
        }
        #expect(declarations(fromValue) == declarations(fromType))
        #expect(declarations(fromValue).count > 3)
    }

    @Test func aConsumerGroupSelectsRuntimeConsumersByClassName() throws {
        var settings = HutchClientSettings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        settings.group = "europe"
        settings.consumerGroups = ["europe": ["Orders::EuConsumer", "RegionOrdersConsumer"]]
        let consumers = Self.consumers(["Eu": "orders.eu.created", "Us": "orders.us.created"], seen: Collector<Seen>())
        let worker = Worker(
            connection: HutchConnection(settings: settings), consumers: [RegionOrdersConsumer()], dynamicConsumers: consumers)
        #expect(worker.consumerDefinitions.map(\.className) == ["Orders::EuConsumer"])
    }

    @Test func runtimeConsumersOfOneHandlerEachReceiveTheirRoutingKeys() async throws {
        var settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        settings.topology.namespace = LiveBroker.uniqueName("dyn")
        let client = InMemoryHutch(settings: settings, label: "dynamic")
        let seen = Collector<Seen>()
        let regions = ["Eu": LiveBroker.uniqueName("orders-eu"), "Us": LiveBroker.uniqueName("orders-us")]
        let consumers = Self.consumers(regions, seen: seen)
        let hutch = client.hutch
        let worker = Worker(connection: hutch, dynamicConsumers: consumers)
        let queues = try TopologyDeclarer(settings: settings).plan(consumers: worker.consumerDefinitions).consumerQueues
        let running = start(worker)
        try await worker.waitForSubscription()

        let publisher = Publisher(connection: hutch)
        try await publisher.publish(regions["Eu"]!, Order(id: 1), confirm: true)
        try await publisher.publish(regions["Us"]!, Order(id: 2), confirm: true)
        try await publisher.publish(regions["Eu"]!, Order(id: 3), confirm: true)
        let messages = await seen.wait(for: 3, timeout: .seconds(10))
        worker.shutdown()
        try await running.value
        await hutch.close()

        #expect(queues.count == 2)
        #expect(Set(messages.map(\.id)) == [1, 2, 3])
        #expect(messages.filter { $0.consumer == "Orders::EuConsumer" }.map(\.id).sorted() == [1, 3])
        #expect(messages.filter { $0.consumer == "Orders::UsConsumer" }.map(\.id) == [2])
        #expect(messages.allSatisfy { regions[$0.consumer == "Orders::EuConsumer" ? "Eu" : "Us"] == $0.routingKey })
        // Each queue got only its own messages, each acked.
        #expect(queues.map { client.broker.settlements(in: $0).count }.sorted() == [1, 2])
        #expect(queues.allSatisfy { client.broker.settlements(in: $0).allSatisfy { $0.settlement == .acked } })
    }
}
