import Testing

@testable import HutchConventions

/// RabbitMQ's refusals of Hutch's declarations, and what Hutch does next (recorded in
/// the extended corpora: `topology/x-plain-refused-*`, `x-schedule-refused-*`).
@Suite struct BrokerRefusalTests {
    static let plain131 = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)

    static func declare(_ arguments: [(String, FieldValue)], durable: Bool = true) -> QueueDeclare {
        QueueDeclare(
            queue: "q", passive: false, durable: durable, exclusive: false, autoDelete: false, noWait: false,
            arguments: FieldTable(pairs: arguments))
    }

    @Test(arguments: [
        ("x-max-length", FieldValue.longString(Array("ten".utf8))), ("x-message-ttl", .float64(1.5)), ("x-message-ttl", .int64(-1)),
        ("x-max-priority", .int64(300)), ("x-overflow", .longString(Array("bogus".utf8))), ("x-expires", .int64(0)),
        ("x-queue-type", .longString(Array("bogus".utf8)))
    ])
    func invalidArgumentsAreNamed(key: String, value: FieldValue) throws {
        let close = try #require(BrokerRefusal.queueDeclare(Self.declare([(key, value)])))
        #expect(close.replyCode == 406 && close.classID == 50 && close.methodID == 10)
        #expect(close.replyText == "PRECONDITION_FAILED - invalid arg '\(key)' for queue 'q'")
    }

    @Test func acceptedArguments() {
        for arguments: [(String, FieldValue)] in [
            [("x-max-length", .int64(10))], [("x-message-ttl", .int32(0))], [("x-max-priority", .uint8(255))],
            [("x-overflow", .longString(Array("reject-publish".utf8)))], [("x-queue-type", .longString(Array("quorum".utf8)))]
        ] {
            #expect(BrokerRefusal.queueDeclare(Self.declare(arguments)) == nil)
        }
    }

    @Test func quorumQueuesRefuseWhatTheyDoNotSupport() throws {
        let quorum: (String, FieldValue) = ("x-queue-type", .longString(Array("quorum".utf8)))
        let transient = try #require(BrokerRefusal.queueDeclare(Self.declare([quorum], durable: false)))
        #expect(transient.replyText == "PRECONDITION_FAILED - invalid property 'non-durable' for queue 'q'")
        let lazy = try #require(BrokerRefusal.queueDeclare(Self.declare([quorum, ("x-queue-mode", .longString(Array("lazy".utf8)))])))
        #expect(lazy.replyText.contains("'x-queue-mode'"))
    }

    @Test func reservedNamesAreAccessRefused() throws {
        var declare = Self.declare([])
        declare.queue = "amq.topic_delay_queue_5s"
        let close = try #require(BrokerRefusal.queueDeclare(declare))
        #expect(close.replyCode == 403)
    }

    /// Hutch::Broker#queue wraps the 406 in WorkerSetupError; nothing after it is declared.
    @Test func aRefusedConsumerQueueStopsTheSetUp() {
        let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false, bunny: GemVersion(2, 19, 0))
        let plan = TopologyPlan(
            profile: profile, config: TopologyConfig(), schedule: false,
            consumers: [
                ConsumerDefinition(className: "ArgsConsumer", routingKeys: ["a"], arguments: ["x-max-length": "ten"]),
                ConsumerDefinition(className: "AfterConsumer", routingKeys: ["b"])
            ])
        #expect(plan.declarations.map(\.name) == ["basic.qos", "exchange.declare", "queue.declare"])
        #expect(plan.failure?.rubyErrorClass == "Hutch::WorkerSetupError")
        #expect(plan.failure?.serverClose?.replyCode == 406)
    }

    /// A stream queue consumed without a prefetch: basic.consume is refused, bunny raises.
    @Test func aStreamQueueNeedsAPrefetch() {
        let stream = ConsumerDefinition(className: "StreamConsumer", routingKeys: ["s"], arguments: ["x-queue-type": "stream"])
        let refused = TopologyPlan(profile: Self.plain131, config: TopologyConfig(channelPrefetch: 0), schedule: false, consumers: [stream])
        #expect(refused.declarations.last?.name == "basic.consume")
        #expect(refused.failure?.rubyErrorClass == "Bunny::PreconditionFailed")
        #expect(refused.failure?.serverClose?.classID == 60)
        let accepted = TopologyPlan(
            profile: Self.plain131, config: TopologyConfig(channelPrefetch: 5), schedule: false, consumers: [stream])
        #expect(accepted.failure == nil)
    }

    /// bunny 2.19 sends an unknown x-queue-type to the broker; 2.24 refuses it first.
    @Test func queueTypeCheckDependsOnBunny() {
        let bogus = ConsumerDefinition(className: "BogusConsumer", routingKeys: ["b"], arguments: ["x-queue-type": "bogus"])
        let old = TopologyPlan(
            profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false, bunny: GemVersion(2, 19, 0)),
            config: TopologyConfig(), schedule: false, consumers: [bogus])
        #expect(old.failure?.rubyErrorClass == "Hutch::WorkerSetupError")
        let new = TopologyPlan(
            profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false, bunny: GemVersion(2, 24, 0)),
            config: TopologyConfig(), schedule: false, consumers: [bogus])
        #expect(new.failure?.rubyErrorClass == "UncaughtThrowError")
        #expect(new.declarations.map(\.name) == ["basic.qos", "exchange.declare"])
    }
}
