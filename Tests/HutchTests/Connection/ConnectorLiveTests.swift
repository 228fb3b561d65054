import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// ``HutchConnection`` opens its connections through the connector it was made with (the
/// seam an in-memory broker plugs into), with the same address rotation, reconnects and
/// failure reports as with librabbitmq's; here the connector records each address it is
/// asked for and hands the real broker's connections on.
@Suite(LiveBroker.reachable, .timeLimit(.minutes(1))) struct ConnectorLiveTests {
    /// Records the port of every connect and opens it with librabbitmq.
    static func recordingConnector(_ ports: Locked<[Int]>) -> AMQPConnector {
        { options throws(AMQPError) in
            ports.withLock { $0.append(options.port) }
            return try await AMQPConnection.connect(options)
        }
    }

    @Test func aLostConnectionIsReplacedThroughTheConnectorStartingAfterTheLostAddress() async throws {
        let broker = try LiveBroker.options()
        let refused = FailoverLiveTests.refused
        var settings = try FailoverLiveTests.settings(
            first: BrokerAddress(host: broker.host, port: broker.port), then: [refused])
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(50), maxAttempts: 3)
        let ports = Locked<[Int]>([])
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("connector"), connector: Self.recordingConnector(ports))

        let first = try await hutch.transport()
        #expect(ports.value == [broker.port])
        #expect(try await hutch.transport() === first, "an open connection is reused, not reopened")
        // A failure that only ended a call keeps the connection.
        await hutch.connectionFailed(first, error: AMQPError(code: .invalidArgument, operation: .publish))
        #expect(try await hutch.transport() === first)

        await hutch.connectionFailed(first, error: AMQPError(code: .connectionLost, operation: .receive, scope: .connection))
        let second = try await hutch.transport()
        #expect(second !== first)
        // The next round starts after the lost address: the refused one, then the broker again.
        #expect(ports.value == [broker.port, refused.port, broker.port])
        #expect(await hutch.generation == 2)
        #expect(try await hutch.connection() === second as? AMQPConnection, "the public accessor hands out the same librabbitmq connection")
        await hutch.close()
    }

    @Test func aWorkerAndAPublisherUseTheConnectorsConnection() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let ports = Locked<[Int]>([])
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("connector"), connector: Self.recordingConnector(ports))
        let routingKey = LiveBroker.uniqueName("connector-rk")
        let seen = Collector<String>()
        let consumer = DynamicConsumer(
            ConsumerDefinition(className: "ConnectorConsumer", routingKeys: [routingKey]), body: JSONValue.self
        ) { message, _ in await seen.append(message.routingKey) }
        let worker = Worker(connection: hutch, dynamicConsumers: [consumer], logger: LiveBroker.logger("connector"))
        let queues = try TopologyDeclarer(settings: settings).plan(consumers: worker.consumerDefinitions).consumerQueues
        defer { Task { await LiveBroker.cleanUp(settings: settings, queues: queues) } }
        let running = start(worker)
        try await worker.waitForSubscription()
        try await Publisher(connection: hutch).publish(routingKey, ["n": 1], confirm: true)
        let handled = await seen.wait(for: 1, timeout: .seconds(10))
        worker.shutdown()
        try await running.value
        await hutch.close()

        #expect(handled == [routingKey])
        #expect(ports.value == [settings.connection.port], "the worker and the publisher share one connection from the connector")
    }
}
