import Hutch
import HutchAMQP
import HutchConventions
import Testing

@Suite struct BrokenPairingTests {
    func settings(_ hutch: GemVersion, schedule: Bool, namespace: String? = nil, exchange: String = "hutch") -> HutchClientSettings {
        var settings = HutchClientSettings(
            connection: ConnectionOptions(virtualHost: "/"), profile: VersionProfile(hutch: hutch, hutchScheduleLoaded: schedule))
        settings.topology.mqExchange = exchange
        settings.topology.namespace = namespace
        return settings
    }

    @Test func hutch110DeclaresWorkingDelayQueues() {
        #expect(BrokenPairing.detect(settings(GemVersion(1, 1, 0), schedule: true)) == nil)
    }

    @Test(arguments: [GemVersion(1, 1, 1), GemVersion(1, 3, 1), GemVersion(1, 4, 0)])
    func hutchSchedule073OnNewerHutchIsBroken(_ version: GemVersion) throws {
        let broken = try #require(BrokenPairing.detect(settings(version, schedule: true)))
        #expect(broken.repair.pattern == "^hutch_delay_queue_")
        #expect(broken.repair.definitionJSON == #"{"dead-letter-exchange":"hutch","message-ttl":2592000000}"#)
        #expect(
            broken.repair.rabbitmqctlCommand
                == #"rabbitmqctl set_policy -p '/' --priority 0 --apply-to queues hutch-hutch-schedule-delay-queues '^hutch_delay_queue_' '{"dead-letter-exchange":"hutch","message-ttl":2592000000}'"#
        )
        #expect(broken.explanation.contains("set_policy"))
    }

    @Test func plainHutchHasNoDelayQueues() {
        #expect(BrokenPairing.detect(settings(GemVersion(1, 3, 1), schedule: false)) == nil)
        var noSchedule = settings(GemVersion(1, 3, 1), schedule: true)
        noSchedule.declareSchedule = false
        #expect(BrokenPairing.detect(noSchedule) == nil)
    }

    @Test func thePatternFollowsNamespaceAndEscapesTheExchange() throws {
        let namespaced = try #require(
            BrokenPairing.detect(settings(GemVersion(1, 3, 1), schedule: true, namespace: "App", exchange: "my.ex")))
        #expect(namespaced.repair.pattern == #"^app:my\.ex_delay_queue_"#)
        #expect(namespaced.repair.deadLetterExchange == "my.ex")
        // Hutch 1.4.0 no longer namespaces the delay queues.
        let unspaced = try #require(BrokenPairing.detect(settings(GemVersion(1, 4, 0), schedule: true, namespace: "App")))
        #expect(unspaced.repair.pattern == "^hutch_delay_queue_")
    }
}
