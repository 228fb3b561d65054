import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// ``HutchConnection`` with several addresses against the real test broker: a refused
/// address (a closed loopback port) is passed over for the next one.
@Suite(LiveBroker.reachable) struct FailoverLiveTests {
    static func settings(first: BrokerAddress, then others: [BrokerAddress]) throws -> HutchClientSettings {
        var options = try LiveBroker.options()
        options.host = first.host
        options.port = first.port
        var settings = HutchClientSettings(connection: options, profile: BrokerAddressTests.profile)
        settings.failoverAddresses = others
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(50), maxAttempts: 2)
        return settings
    }

    static let refused = BrokerAddress(host: "127.0.0.1", port: 1)

    @Test func aRefusedFirstAddressFailsOverToTheBroker() async throws {
        let broker = try LiveBroker.options()
        let reachable = BrokerAddress(host: broker.host, port: broker.port)
        let hutch = HutchConnection(settings: try Self.settings(first: Self.refused, then: [reachable]))
        let connection = try await hutch.connection()
        #expect(connection.serverProperties.product == "RabbitMQ")
        #expect(await hutch.connectedAddress == reachable)
        #expect(await hutch.generation == 1)
        await hutch.close()
        #expect(await hutch.connectedAddress == nil)
    }

    @Test func whenEveryAddressRefusesTheLastErrorIsThrownAfterMaxAttemptsRounds() async throws {
        let hutch = HutchConnection(settings: try Self.settings(first: Self.refused, then: [BrokerAddress(host: "127.0.0.1", port: 2)]))
        await #expect { _ = try await hutch.connection() } throws: { ($0 as? AMQPError)?.code == .connectionRefused }
        #expect(await hutch.connectedAddress == nil)
        await hutch.close()
    }
}
