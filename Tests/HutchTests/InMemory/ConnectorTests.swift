import Hutch
import HutchAMQP
import HutchConventions
import HutchTesting
import Testing

/// ``HutchConnection`` opens its connections through the connector it was made with (the
/// seam the in-memory broker plugs into), with the same address rotation, reconnects and
/// failure reports as with librabbitmq's. The connector here refuses one address and
/// opens in-memory connections for the other; every step is a call, nothing is timed.
@Suite struct ConnectorTests {
    static let reachable = BrokerAddress(host: "127.0.0.1", port: 5672)
    static let refused = BrokerAddress(host: "127.0.0.1", port: 5673)

    static func settings() -> HutchClientSettings {
        var settings = InMemoryHutch.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        settings.connection.host = reachable.host
        settings.connection.port = reachable.port
        settings.failoverAddresses = [refused]
        return settings
    }

    /// Records the port of every connect; refuses ``refused`` as a closed port does.
    static func connector(_ broker: InMemoryBroker, ports: Locked<[Int]>) -> AMQPConnector {
        { options throws(AMQPError) in
            ports.withLock { $0.append(options.port) }
            guard options.port != refused.port else {
                throw AMQPError(code: .connectionRefused, operation: .connect, detail: "test: refused", scope: .connection)
            }
            return broker.connect()
        }
    }

    @Test func aLostConnectionIsReplacedThroughTheConnectorStartingAfterTheLostAddress() async throws {
        let broker = InMemoryBroker()
        let ports = Locked<[Int]>([])
        let hutch = HutchConnection(
            settings: Self.settings(), logger: LiveBroker.logger("connector"), connector: Self.connector(broker, ports: ports))

        let first = try await hutch.transport()
        #expect(ports.value == [Self.reachable.port])
        #expect(try await hutch.transport() === first, "an open connection is reused, not reopened")
        // A failure that only ended a call keeps the connection.
        await hutch.connectionFailed(first, error: AMQPError(code: .invalidArgument, operation: .publish))
        #expect(try await hutch.transport() === first)

        // The broker drops it; the next call on it says so, and the client is told.
        try #require(first as? InMemoryConnection).drop()
        let lost = await #expect(throws: AMQPError.self) { _ = try await first.openChannel() }
        #expect(lost?.endsConnection == true)
        await hutch.connectionFailed(first, error: try #require(lost))
        let second = try await hutch.transport()
        #expect(second !== first)
        // The next round starts after the lost address: the refused one, then the reachable one again.
        #expect(ports.value == [Self.reachable.port, Self.refused.port, Self.reachable.port])
        #expect(await hutch.generation == 2)
        #expect(await hutch.connectedAddress == Self.reachable)
        await hutch.close()
    }

    @Test func onAnInMemoryBrokerThePublicConnectionAccessorSaysThereIsNoLibrabbitmqConnection() async throws {
        let hutch = InMemoryHutch(settings: Self.settings(), label: "connector").hutch
        let error = await #expect(throws: AMQPError.self) { _ = try await hutch.connection() }
        #expect(error?.code == .unsupportedMethod)
        #expect(error?.detail?.contains("InMemoryConnection") == true, "names what it found: \(String(describing: error))")
        await hutch.close()
    }
}
