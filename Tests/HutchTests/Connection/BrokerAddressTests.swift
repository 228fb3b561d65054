import HutchAMQP
import HutchConventions
import Testing

@testable import Hutch

/// Several broker addresses: parsing `host[:port]`, the Swift-side
/// `HUTCH_SWIFT_FAILOVER_HOSTS`, and the order ``HutchConnection`` tries them in.
@Suite struct BrokerAddressTests {
    static let profile = VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false)

    @Test func parsesHostPortIPv6AndTheDefaultPort() throws {
        #expect(try BrokerAddress(parsing: "rabbit-2", defaultPort: 5672) == BrokerAddress(host: "rabbit-2", port: 5672))
        #expect(try BrokerAddress(parsing: " 10.0.0.3:5673 ", defaultPort: 5672) == BrokerAddress(host: "10.0.0.3", port: 5673))
        #expect(try BrokerAddress(parsing: "[::1]:5674", defaultPort: 5672) == BrokerAddress(host: "::1", port: 5674))
        #expect(try BrokerAddress(parsing: "[::1]", defaultPort: 5671) == BrokerAddress(host: "::1", port: 5671))
        #expect(BrokerAddress(host: "::1", port: 5674).description == "[::1]:5674")
    }

    @Test(arguments: [
        (":5672", "no host"), ("rabbit:http", "port \"http\" is not a number in 1...65535"),
        ("rabbit:0", "port \"0\" is not a number in 1...65535"), ("[::1", "no closing ]")
    ])
    func refusesWhatIsNotHostPort(entry: String, problem: String) {
        #expect(throws: BrokerAddressError(entry: entry, problem: problem)) {
            try BrokerAddress(parsing: entry, defaultPort: 5672)
        }
    }

    @Test func theEnvironmentVariableAddsFailoverAddressesAfterMqHost() throws {
        let settings = try HutchClientSettings.load(
            env: [
                "HUTCH_MQ_HOST": "rabbit-1", "HUTCH_MQ_PORT": "5673", "HUTCH_SWIFT_FAILOVER_HOSTS": "rabbit-2, rabbit-3:5680,,rabbit-1:5673"
            ],
            profile: Self.profile)
        #expect(settings.connection.host == "rabbit-1")
        #expect(
            settings.failoverAddresses == [
                BrokerAddress(host: "rabbit-2", port: 5673), BrokerAddress(host: "rabbit-3", port: 5680),
                BrokerAddress(host: "rabbit-1", port: 5673)
            ])
        // mq_host first; the repeated one is tried once.
        #expect(
            settings.brokerAddresses == [
                BrokerAddress(host: "rabbit-1", port: 5673), BrokerAddress(host: "rabbit-2", port: 5673),
                BrokerAddress(host: "rabbit-3", port: 5680)
            ])
    }

    @Test func withoutTheVariableThereIsOneAddress() throws {
        let settings = try HutchClientSettings.load(env: ["HUTCH_MQ_HOST": "rabbit-1"], profile: Self.profile)
        #expect(settings.failoverAddresses.isEmpty)
        #expect(settings.brokerAddresses == [BrokerAddress(host: "rabbit-1", port: 5672)])
    }

    @Test func aBadEntryIsATypedSettingsError() {
        #expect(
            throws: HutchClientSettingsError(
                setting: "HUTCH_SWIFT_FAILOVER_HOSTS", expected: "a comma-separated list of host[:port]",
                found: "broker address \"rabbit-2:x\": expected host[:port], port \"x\" is not a number in 1...65535")
        ) {
            try HutchClientSettings.load(env: ["HUTCH_SWIFT_FAILOVER_HOSTS": "rabbit-2:x"], profile: Self.profile)
        }
    }

    @Test func aRoundStartsAtTheFirstAddressThenAfterTheLostOne() {
        var rotation = AddressRotation(count: 3)
        #expect(rotation.round == [0, 1, 2])
        rotation.lost(0)
        #expect(rotation.round == [1, 2, 0])
        rotation.lost(2)
        #expect(rotation.round == [0, 1, 2])
        var single = AddressRotation(count: 1)
        single.lost(0)
        #expect(single.round == [0])
    }
}
