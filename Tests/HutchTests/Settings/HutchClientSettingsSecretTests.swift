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
}
