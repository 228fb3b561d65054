import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// A consumer that asks for a quorum queue gets one where the pairing keeps its
/// arguments; otherwise ``QuorumQueueConflict`` says why not.
@Suite struct QuorumQueueConflictTests {
    static func settings(_ hutch: GemVersion, schedule: Bool) -> HutchClientSettings {
        HutchClientSettings(profile: VersionProfile(hutch: hutch, hutchScheduleLoaded: schedule))
    }

    static func quorum(queueOptions: JSONObject? = nil) -> ConsumerDefinition {
        ConsumerDefinition(className: "Orders", routingKeys: ["orders.created"], quorumQueue: .init(), queueOptions: queueOptions)
    }

    @Test(arguments: [(GemVersion(1, 4, 0), false), (GemVersion(1, 1, 1), false), (GemVersion(1, 1, 0), true)])
    func pairingsThatKeepTheArgumentsGetAQuorumQueue(hutch: GemVersion, schedule: Bool) throws {
        let settings = Self.settings(hutch, schedule: schedule)
        #expect(QuorumQueueConflict.check(Self.quorum(), settings: settings) == nil)
        let declare = try #require(try Self.quorum().queueDeclare(name: "orders", profile: settings.profile))
        #expect(declare.arguments["x-queue-type"] == .string("quorum") && declare.durable)
    }

    @Test(arguments: [GemVersion(1, 1, 1), GemVersion(1, 3, 1), GemVersion(1, 4, 0)])
    func hutchScheduleFrom111DropsTheArguments(hutch: GemVersion) throws {
        let conflict = try #require(QuorumQueueConflict.check(Self.quorum(), settings: Self.settings(hutch, schedule: true)))
        #expect(conflict.problem == .argumentsDropped)
        #expect(conflict.description.contains("declared non-durable without arguments"))
        // Also when it asks through its arguments.
        let viaArguments = ConsumerDefinition(className: "Orders", routingKeys: ["orders.created"], arguments: ["x-queue-type": "quorum"])
        #expect(QuorumQueueConflict.check(viaArguments, settings: Self.settings(hutch, schedule: true))?.problem == .argumentsDropped)
    }

    @Test(arguments: [
        (["durable": false] as JSONObject, "non-durable"), (["exclusive": true] as JSONObject, "exclusive-owner"),
        (["auto_delete": true] as JSONObject, "auto-delete")
    ])
    func optionsRabbitMQRefusesForAQuorumQueueAreNamed(options: JSONObject, property: String) throws {
        let conflict = try #require(
            QuorumQueueConflict.check(
                Self.quorum(queueOptions: options), settings: Self.settings(GemVersion(1, 4, 0), schedule: false)))
        #expect(conflict.problem == .brokerRefuses(property: property))
        #expect(conflict.description.contains("406 PRECONDITION_FAILED invalid property '\(property)'"))
    }

    /// The conformance model predicts RabbitMQ 3.10's refusal and stops there; the
    /// production declarer plans every declaration and lets its own broker answer.
    @Test func theDeclarerDoesNotStopAtARefusalPredictedFrom310() throws {
        let settings = Self.settings(GemVersion(1, 4, 0), schedule: false)
        let consumers = [
            Self.quorum(queueOptions: ["durable": false]), ConsumerDefinition(className: "Invoices", routingKeys: ["invoices.created"])
        ]
        let modelled = TopologyPlan(profile: settings.profile, config: settings.topology, schedule: false, consumers: consumers)
        guard case .brokerRefused? = modelled.failure else {
            Issue.record("the conformance plan should model the refusal, got \(String(describing: modelled.failure))")
            return
        }
        let plan = try TopologyDeclarer(settings: settings).plan(consumers: consumers)
        #expect(plan.failure == nil)
        #expect(plan.consumerQueues.count == 2)
    }

    @Test func aClassicConsumerHasNoConflict() {
        let classic = ConsumerDefinition(className: "Orders", routingKeys: ["orders.created"])
        #expect(QuorumQueueConflict.check(classic, settings: Self.settings(GemVersion(1, 3, 1), schedule: true)) == nil)
    }
}

/// What the check names is what RabbitMQ refuses: the raw declaration fails with that
/// property, the declarer throws the conflict before sending.
@Suite(LiveBroker.reachable) struct QuorumQueueConflictLiveTests {
    @Test func theBrokerRefusesANonDurableQuorumQueueAndTheDeclarerSaysSoFirst() async throws {
        var settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false))
        settings.topology.mqExchange = LiveBroker.uniqueName("quorum-conflict-x")
        let name = LiveBroker.uniqueName("quorum-conflict-q")
        let consumer = ConsumerDefinition(
            className: "Orders", routingKeys: ["orders.created"], queueName: name, quorumQueue: .init(), queueOptions: ["durable": false])
        let declare = try #require(try consumer.queueDeclare(name: name, profile: settings.profile))
        let amqp = try await AMQPConnection.connect(settings.connection)
        defer { Task { await amqp.close() } }
        await #expect { try await amqp.declare(.queueDeclare(declare), on: try await amqp.openChannel()) } throws: { error in
            let amqp = error as? AMQPError
            return amqp?.code == .preconditionFailed && "\(error)".contains("invalid property 'non-durable'")
        }
        await #expect(
            throws: QuorumQueueConflict(
                consumer: "Orders", queue: name, profile: settings.profile, problem: .brokerRefuses(property: "non-durable"))
        ) {
            try await TopologyDeclarer(settings: settings).declare(consumers: [consumer], on: amqp, channel: try await amqp.openChannel())
        }
        await LiveBroker.cleanUp(settings: settings, queues: [name])
    }
}
