import ArgumentParser
import Foundation
import Hutch
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement

/// The options every subcommand shares: where the broker is, which exchange, which Ruby
/// pairing, and the optional management API.
struct BrokerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The broker, amqp://user:password@host:port/vhost (default: Hutch's settings: HUTCH_URI, HUTCH_MQ_HOST, …, which keep the password off the command line).",
            valueName: "URL"))
    var url: String?

    @Option(name: .long, help: "The main exchange (default: HUTCH_MQ_EXCHANGE, else hutch).")
    var exchange: String?

    @Option(name: .long, help: "The Hutch version of the Ruby side; it decides the delay queues' names and declarations.")
    var hutch: String = "1.3.1"

    @Flag(name: .long, inversion: .prefixedNo, help: "Whether the Ruby side loads hutch-schedule 0.7.")
    var hutchSchedule = true

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The management HTTP API (e.g. http://127.0.0.1:15672), logged in with the broker URL's user and password; needed to see queue durability, arguments, policies and bindings.",
            valueName: "URL"))
    var managementURL: String?

    @Option(name: .long, help: "Seconds each management API request may take.")
    var httpTimeout: Int = 15

    func validate() throws {
        if GemVersion(hutch) == nil { throw ValidationError("--hutch takes a version such as 1.3.1, not '\(hutch)'") }
        if httpTimeout < 1 { throw ValidationError("--http-timeout must be at least 1 second") }
    }

    /// Hutch's settings from the environment (as a Ruby process reads them), `--url` and `--exchange`.
    func settings() throws -> HutchClientSettings {
        let profile = VersionProfile(hutch: GemVersion(hutch) ?? GemVersion(1, 3, 1), hutchScheduleLoaded: hutchSchedule)
        var settings = try HutchClientSettings.load(env: ProcessInfo.processInfo.environment, uri: url, profile: profile)
        if let exchange { settings.topology.mqExchange = exchange }
        return settings
    }

    /// The management API with the broker's credentials, when `--management-url` is given.
    func management(_ settings: HutchClientSettings) -> ManagementAPI? {
        managementURL.map {
            ManagementAPI(
                baseURL: $0, username: settings.connection.username, password: settings.connection.password,
                timeout: .seconds(httpTimeout))
        }
    }

    /// Connects, runs `body` and closes the connection.
    func withConnection<T>(_ settings: HutchClientSettings, _ body: (AMQPConnection) async throws -> T) async throws -> T {
        let connection = try await AMQPConnection.connect(settings.connection)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// `--json`.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text (one document on standard output).")
    var json = false
}
