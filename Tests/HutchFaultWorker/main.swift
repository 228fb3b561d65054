// A Hutch worker process for fault tests: it consumes `QUEUE` (bound to `ROUTING_KEY`
// on `EXCHANGE`) at HUTCH_TEST_BROKER_URL and, for each message, prints
// `started <message id>` and then never finishes the handler — so the test can kill
// the process mid-handler and check what the broker does with the message.
import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Logging

struct HangingConsumer: HutchConsumer {
    static var queueName: String? { ProcessInfo.processInfo.environment["QUEUE"] }
    static var routingKeys: [String] { [ProcessInfo.processInfo.environment["ROUTING_KEY"] ?? ""] }

    func process(_ message: ReceivedMessage<JSONValue>) async throws {
        say("started \(message.messageID ?? "-")")
        try await Task.sleep(for: .seconds(3600))
    }
}

/// Writes a line to standard output at once (no buffering: the test reads it live).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let environment = ProcessInfo.processInfo.environment
guard let url = environment["HUTCH_TEST_BROKER_URL"], let exchange = environment["EXCHANGE"],
    environment["QUEUE"] != nil, environment["ROUTING_KEY"] != nil
else {
    FileHandle.standardError.write(Data("needs HUTCH_TEST_BROKER_URL, EXCHANGE, QUEUE and ROUTING_KEY\n".utf8))
    exit(2)
}

var settings = HutchClientSettings(
    connection: try ConnectionOptions(url: url), profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
settings.topology.mqExchange = exchange
var logger = Logger(label: "fault-worker")
logger.logLevel = .warning
let connection = HutchConnection(settings: settings, logger: logger)
let worker = Worker(connection: connection, consumers: [HangingConsumer()], logger: logger)
let running = Task { try await worker.run() }
try await worker.waitForSubscription()
say("subscribed")
try await running.value
