import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// `HutchClientSettings.load` never shows the password: not in the errors of URIs
/// Ruby rejects, not in the settings' descriptions or `dump`.
@Suite struct HutchClientSettingsSecretTests {
    let profile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true)

    /// Passwords Ruby's URI parser rejects (a space, a bad escape, non-ASCII) or reads
    /// wrongly (`/ ? #` end the authority early).
    static let rejected = ["Zq9se cretXy", "Zq9se%zzcretXy", "Zq9seécretXy", "Zq9se/cretXy", "Zq9se?cretXy", "Zq9se#cretXy"]

    static func leaks(_ text: String) -> Bool { text.contains("Zq9se") || text.contains("cretXy") }

    @Test(arguments: rejected) func aRejectedURIDoesNotEchoThePassword(password: String) {
        let uri = "amqp://app:\(password)@127.0.0.1:5999/orders"
        for load in [
            { try HutchClientSettings.load(uri: uri, profile: profile) },
            { try HutchClientSettings.load(env: ["HUTCH_URI": uri], profile: profile) }
        ] {
            do {
                let settings = try load()
                var dumped = ""
                dump(settings, to: &dumped)
                #expect(!Self.leaks("\(settings) \(settings.connection) \(String(reflecting: settings)) \(dumped)"), "\(dumped)")
            } catch {
                #expect(!Self.leaks("\(error)") && !Self.leaks(String(reflecting: error)), "\(error)")
            }
        }
    }

    @Test func aLoadedSettingsValueNeverShowsThePassword() throws {
        let settings = try HutchClientSettings.load(uri: "amqp://app:Zq9secretXy@127.0.0.1:5999/orders", profile: profile)
        #expect(settings.connection.password == "Zq9secretXy")
        var dumped = ""
        dump(settings, to: &dumped)
        let load = try HutchConfig.load(uri: "amqp://app:Zq9secretXy@127.0.0.1:5999/orders", profile: profile)
        var dumpedLoad = ""
        dump(load, to: &dumpedLoad)
        for text in [
            "\(settings)", "\(settings.connection)", String(reflecting: settings.connection), dumped, dumpedLoad, "\(load.connection)",
            String(reflecting: load.connection)
        ] {
            #expect(!Self.leaks(text), "\(text)")
        }
        #expect(dumpedLoad.contains("amqp://app:***@127.0.0.1:5999/orders"), "\(dumpedLoad)")
    }

    /// URIs Ruby parses with the password, or part of it, outside the user information,
    /// where Hutch's "connecting to" line would print it: refused without the text.
    static let misplacedAt = [
        "amqp:/app:Zq9secretXy@127.0.0.1/orders",  // one slash: all of it is the path
        "amqp://app:5678/Zq9secretXy@127.0.0.1/orders",  // a password starting with digits, then /
        "amqp://app:5678?Zq9secretXy@127.0.0.1/orders",
        "amqp://app:5678#Zq9secretXy@127.0.0.1/orders"
    ]

    @Test(arguments: misplacedAt) func aURIWithAnAtOutsideItsUserInformationIsRefusedWithoutItsText(uri: String) {
        #expect {
            try HutchClientSettings.load(uri: uri, profile: profile)
        } throws: { error in
            let refused = error as? HutchClientSettingsError
            return refused?.setting == "uri" && !Self.leaks("\(error)") && !Self.leaks(String(reflecting: error))
        }
    }

    @Test func aPasswordWithItsSlashPercentEncodedLoads() throws {
        let settings = try HutchClientSettings.load(uri: "amqp://app:5678%2FZq9secretXy@127.0.0.1/orders", profile: profile)
        #expect(settings.connection.host == "127.0.0.1" && settings.connection.virtualHost == "orders")
        #expect(!Self.leaks("\(settings)"))
    }

    /// YAML that is not what Hutch expects, shaped as a password would end up in it: a
    /// `.env` file, a list of mappings, a `.env` line in a list, a password that looks
    /// like a date, a `uri` that is a mapping. The error names the place, not the text.
    static let misshapenYAML = [
        "HUTCH_MQ_PASSWORD=Zq9secretXy\n", "- mq_password: Zq9secretXy\n", "- HUTCH_MQ_PASSWORD=Zq9secretXy\n",
        "mq_password: 2024-05-01\n", "uri: {password: Zq9secretXy}\n"
    ]

    @Test(arguments: misshapenYAML) func misshapenYAMLIsRefusedWithoutItsText(yaml: String) {
        #expect {
            try HutchClientSettings.load(yaml: yaml, profile: profile)
        } throws: { error in
            let text = "\(error) \(String(reflecting: error))"
            return !Self.leaks(text) && !text.contains("2024-05-01")
        }
    }

    @Test func anUnknownSettingNameIsStillShown() {
        #expect {
            try HutchClientSettings.load(yaml: "mq_pasword: Zq9secretXy\n", profile: profile)
        } throws: { error in
            "\(error)".contains("mq_pasword") && !Self.leaks("\(error)")
        }
    }

    /// `HUTCH_SWIFT_FAILOVER_HOSTS` entries that are URLs or carry user information: refused,
    /// the text before the last `@` not shown.
    @Test(arguments: ["amqp://app:Zq9secretXy@node2:5672", "app:Zq9secretXy@node2", "app@node2"])
    func aFailoverEntryWithUserInformationIsRefusedWithoutIt(entry: String) {
        #expect {
            try HutchClientSettings.load(env: [HutchClientSettings.failoverHostsVariable: "node1,\(entry)"], profile: profile)
        } throws: { error in
            let text = "\(error) \(String(reflecting: error))"
            return error is HutchClientSettingsError && !Self.leaks(text) && !text.contains("app") && text.contains("node2")
        }
    }

    @Test func failoverEntriesOfHostsAndPortsStillParse() throws {
        let settings = try HutchClientSettings.load(
            env: [HutchClientSettings.failoverHostsVariable: " node2:5673 , [::1]:5674,node3"], profile: profile)
        #expect(
            settings.failoverAddresses == [
                BrokerAddress(host: "node2", port: 5673), BrokerAddress(host: "::1", port: 5674), BrokerAddress(host: "node3", port: 5672)
            ])
    }
}
