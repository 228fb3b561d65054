import Testing

@testable import HutchConventions

@Suite struct TopologyPlanTests {
    static func profile(_ minor: Int, _ patch: Int, schedule: Bool = false) -> VersionProfile {
        VersionProfile(hutch: GemVersion(1, minor, patch), hutchScheduleLoaded: schedule)
    }

    static func uuids() -> () -> String {
        var n = 0
        return {
            n += 1
            return "00000000-0000-4000-8000-00000000000\(n % 10)"
        }
    }

    static func queueDeclares(_ plan: TopologyPlan) -> [QueueDeclare] {
        plan.declarations.compactMap { if case .queueDeclare(let q) = $0 { q } else { nil } }
    }

    @Test func basicQosComesFirstEvenForZero() {
        let plan = TopologyPlan(
            profile: Self.profile(3, 1), config: TopologyConfig(), schedule: false,
            consumers: [ConsumerDefinition(className: "PlanConsumer", routingKeys: ["a"])], makeUUID: Self.uuids())
        #expect(plan.declarations.first == .basicQos(BasicQos(prefetchCount: 0)))
        #expect(plan.declarations.map(\.name) == ["basic.qos", "exchange.declare", "queue.declare", "queue.bind", "basic.consume"])
        #expect(plan.consumerQueues == ["plan_consumer"])
        #expect(plan.failure == nil)
    }

    @Test func nilPrefetchSkipsQosAndOutOfRangeFails() {
        var config = TopologyConfig(channelPrefetch: nil)
        var plan = TopologyPlan(profile: Self.profile(3, 1), config: config, schedule: false, consumers: [])
        #expect(plan.declarations.map(\.name) == ["exchange.declare"])
        config.channelPrefetch = 65_536
        plan = TopologyPlan(profile: Self.profile(3, 1), config: config, schedule: false, consumers: [])
        #expect(plan.declarations.isEmpty)
        #expect(plan.failure == .prefetchOutOfRange(65_536))
        #expect(plan.failure?.rubyErrorClass == "ArgumentError")
    }

    @Test func scheduleWorkerRefusesZeroPrefetchAfterConnecting() {
        let plan = TopologyPlan(
            profile: Self.profile(3, 1, schedule: true), config: TopologyConfig(channelPrefetch: 0), schedule: true,
            consumers: [ConsumerDefinition(className: "PlanConsumer", routingKeys: ["a"])])
        #expect(plan.failure == .scheduleWorkerNeedsPositivePrefetch(0))
        #expect(plan.failure?.rubyErrorClass == "RuntimeError")
        #expect(plan.declarations.count == 2 + 1 + 42)  // qos, exchange, schedule exchange, 21 × (declare, bind)
    }

    @Test func delayQueuesPerVersion() throws {
        let config = TopologyConfig(mqExchange: "hutch", channelPrefetch: 20)
        let level = try #require(DelayLevel.all.first)
        let old = try level.delayQueueDeclare(config: config, profile: Self.profile(1, 0, schedule: true))
        #expect(
            old
                == QueueDeclare(
                    queue: "hutch_delay_queue_5s", durable: true,
                    arguments: FieldTable(pairs: [
                        ("x-message-ttl", .int64(2_592_000_000)), ("x-dead-letter-exchange", .string("hutch"))
                    ])))
        let new = try level.delayQueueDeclare(config: config, profile: Self.profile(1, 1, schedule: true))
        #expect(new == QueueDeclare(queue: "hutch_delay_queue_5s", durable: false))
    }

    @Test func namespaceWithScheduleLoadedDiffersOn140() {
        let config = TopologyConfig(namespace: "shop", channelPrefetch: 20)
        let consumers = [ConsumerDefinition(className: "PlanConsumer", routingKeys: ["a"])]
        let old = TopologyPlan(
            profile: Self.profile(3, 1, schedule: true), config: config, schedule: true, consumers: consumers)
        let new = TopologyPlan(
            profile: Self.profile(4, 0, schedule: true), config: config, schedule: true, consumers: consumers)
        #expect(Self.queueDeclares(old).first?.queue == "shop:hutch_delay_queue_5s")
        #expect(Self.queueDeclares(old).last?.queue == "shop:plan_consumer")
        #expect(Self.queueDeclares(new).first?.queue == "hutch_delay_queue_5s")
        #expect(Self.queueDeclares(new).last?.queue == "plan_consumer")
        #expect(old.consumerQueues == ["shop:plan_consumer"])
        #expect(new.consumerQueues == ["plan_consumer"])
    }

    @Test func sameQueueNameIsDeclaredOnceButBoundAndConsumedTwice() {
        let consumers = [
            ConsumerDefinition(className: "A", routingKeys: ["a", "a", "b"], queueName: "shared"),
            ConsumerDefinition(className: "B", routingKeys: ["c"], queueName: "shared")
        ]
        let plan = TopologyPlan(
            profile: Self.profile(3, 1), config: TopologyConfig(), schedule: false, consumers: consumers,
            makeUUID: Self.uuids())
        #expect(
            plan.declarations.map(\.name) == [
                "basic.qos", "exchange.declare", "queue.declare", "queue.bind", "queue.bind", "basic.consume",
                "queue.bind", "basic.consume"
            ])
    }

    @Test func queueOptionsMergeOverDurableAndTypeBecomesAnArgument() throws {
        var options = JSONObject()
        options["durable"] = .bool(false)
        options["exclusive"] = .string("yes")  // Ruby truthiness
        options["type"] = .string("quorum")
        options["arguments"] = ["ignored": 1]
        let consumer = ConsumerDefinition(
            className: "OptsConsumer", routingKeys: ["k"], arguments: JSONObject([("x-max-length", .int(3))]),
            queueOptions: options)
        let declare = try consumer.queueDeclare(name: "opts_consumer", profile: Self.profile(3, 1))
        #expect(
            declare
                == QueueDeclare(
                    queue: "opts_consumer", durable: false, exclusive: true,
                    arguments: FieldTable(pairs: [("x-max-length", .int64(3)), ("x-queue-type", .string("quorum"))])))
    }

    @Test func unknownQueueTypeDependsOnBunny() {
        let consumer = ConsumerDefinition(
            className: "T", routingKeys: ["k"], arguments: JSONObject([("x-queue-type", .string("delayed"))]))
        let old = TopologyPlan(profile: Self.profile(3, 1), config: TopologyConfig(), schedule: false, consumers: [consumer])
        #expect(old.failure?.rubyErrorClass == "UncaughtThrowError")
        #expect(old.declarations.map(\.name) == ["basic.qos", "exchange.declare"])
        // bunny 3 knows "delayed" and declares; RabbitMQ 3.10 has no such queue type and refuses.
        let new = TopologyPlan(profile: Self.profile(4, 0), config: TopologyConfig(), schedule: false, consumers: [consumer])
        #expect(new.declarations.map(\.name) == ["basic.qos", "exchange.declare", "queue.declare"])
        #expect(new.failure?.rubyErrorClass == "Hutch::WorkerSetupError")
        // Under hutch-schedule on ≥ 1.1.1 the arguments never reach bunny's check.
        let scheduled = TopologyPlan(
            profile: Self.profile(3, 1, schedule: true), config: TopologyConfig(channelPrefetch: 20), schedule: false,
            consumers: [consumer])
        #expect(scheduled.failure == nil)
    }

    @Test func symbolArgumentKeysBesideDSLKeysGoOnTheWireTwice() throws {
        let consumer = ConsumerDefinition(
            className: "L", routingKeys: ["k"], arguments: JSONObject([("x-queue-mode", .string("default"))]),
            lazyQueue: true, argumentSymbolKeys: ["x-queue-mode"])
        #expect(
            try consumer.queueArguments()
                == FieldTable(pairs: [("x-queue-mode", .string("default")), ("x-queue-mode", .string("lazy"))]))
        let stringKeyed = ConsumerDefinition(
            className: "L", routingKeys: ["k"], arguments: JSONObject([("x-queue-mode", .string("default"))]),
            lazyQueue: true)
        #expect(try stringKeyed.queueArguments() == FieldTable(pairs: [("x-queue-mode", .string("lazy"))]))
    }

    @Test func symbolDurableArgumentActsAsOptionUnderScheduleWorker() throws {
        let consumer = ConsumerDefinition(
            className: "D", routingKeys: ["k"], arguments: JSONObject([("durable", .bool(true)), ("x-max-length", .int(1))]),
            argumentSymbolKeys: ["durable"])
        let declare = try consumer.queueDeclare(name: "d", profile: Self.profile(3, 1, schedule: true))
        #expect(declare == QueueDeclare(queue: "d", durable: true))
        let plain = try consumer.queueDeclare(name: "d", profile: Self.profile(3, 1))
        #expect(
            plain
                == QueueDeclare(
                    queue: "d", durable: true, arguments: FieldTable(pairs: [("durable", .boolean(true)), ("x-max-length", .int64(1))])))
    }

    @Test func predefinedAndNoDeclareExchangesAreNotDeclared() throws {
        #expect(try TopologyConfig(mqExchange: "amq.topic").exchangeDeclare() == nil)
        #expect(try TopologyConfig(mqExchange: "AMQ.Direct.x").exchangeDeclare() == nil)
        #expect(try TopologyConfig(mqExchange: "").exchangeDeclare() == nil)
        #expect(try TopologyConfig(mqExchange: "amq.topic").scheduleExchangeDeclare() == nil)
        var options = JSONObject()
        options["no_declare"] = .bool(true)
        #expect(try TopologyConfig(mqExchangeOptions: options).exchangeDeclare() == nil)
        var flags = JSONObject()
        flags["durable"] = .bool(false)
        flags["auto_delete"] = .int(0)  // 0 is truthy in Ruby
        flags["arguments"] = ["alternate-exchange": "ae"]
        let declare = try TopologyConfig(mqExchange: "ex\r\n", mqExchangeType: "direct", mqExchangeOptions: flags)
            .exchangeDeclare()
        #expect(
            declare
                == ExchangeDeclare(
                    exchange: "ex", type: "direct", durable: false, autoDelete: true,
                    arguments: FieldTable(pairs: [("alternate-exchange", .string("ae"))])))
    }

    @Test func consumerTagTooLongFailsAfterBinding() {
        let config = TopologyConfig(consumerTagPrefix: String(repeating: "p", count: 250))
        let plan = TopologyPlan(
            profile: Self.profile(3, 1), config: config, schedule: false,
            consumers: [ConsumerDefinition(className: "C", routingKeys: ["k"])], makeUUID: Self.uuids())
        #expect(plan.declarations.map(\.name) == ["basic.qos", "exchange.declare", "queue.declare", "queue.bind"])
        #expect(plan.failure?.rubyErrorClass == "RuntimeError")
    }

    @Test func dslMissingFromTheVersionFailsBeforeConnecting() {
        let consumer = ConsumerDefinition(className: "C", routingKeys: ["k"], withoutNamespace: true)
        let plan = TopologyPlan(profile: Self.profile(3, 1), config: TopologyConfig(), schedule: false, consumers: [consumer])
        #expect(plan.declarations.isEmpty)
        #expect(plan.failure == .unsupportedConsumerDSL(className: "C", method: "without_namespace"))
        let options = ConsumerDefinition(className: "C", routingKeys: ["k"], queueOptions: JSONObject())
        let old = TopologyPlan(profile: Self.profile(1, 0), config: TopologyConfig(), schedule: false, consumers: [options])
        #expect(old.failure?.rubyErrorClass == "NoMethodError")
    }

    @Test func queueNamesLoseLineBreaksOnTheWire() {
        let plan = TopologyPlan(
            profile: Self.profile(3, 1), config: TopologyConfig(), schedule: false,
            consumers: [ConsumerDefinition(className: "C", routingKeys: ["k"], queueName: "q\nx")], makeUUID: Self.uuids())
        #expect(Self.queueDeclares(plan).map(\.queue) == ["qx"])
        #expect(plan.consumerQueues == ["qx"])
    }

    @Test func consumerTagShape() throws {
        let tag = try ConsumerTag.make(prefix: "svc", uuid: "3fc7e078-c24c-48d4-ae59-37481e1cfad2")
        #expect(tag == "svc-3fc7e078-c24c-48d4-ae59-37481e1cfad2")
        #expect(ConsumerTag.matches(tag, prefix: "svc"))
        #expect(!ConsumerTag.matches(tag, prefix: "hutch"))
        #expect(ConsumerTag.matches("hutch-" + SecureRandomUUID.make(), prefix: "hutch"))
        #expect(!ConsumerTag.matches("hutch-3FC7E078-C24C-48D4-AE59-37481E1CFAD2", prefix: "hutch"))
    }
}
