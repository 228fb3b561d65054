import Foundation
import HutchAMQP

/// The private RabbitMQ the live tests of every test target share: the URLs
/// scripts/test.sh exports, whether the broker answers, and `rabbitmqctl` against it.
public enum TestBroker {
    /// `HUTCH_TEST_BROKER_URL` (scripts/test.sh starts a broker on 127.0.0.1 and sets it).
    public static let url = ProcessInfo.processInfo.environment["HUTCH_TEST_BROKER_URL"]

    /// `HUTCH_TEST_MANAGEMENT_URL`, the broker's management HTTP API.
    public static let managementURL = ProcessInfo.processInfo.environment["HUTCH_TEST_MANAGEMENT_URL"]

    /// Whether the broker answers an AMQP connection; prints why not (naming `tests`),
    /// so a skip is never silent.
    public static func isReachable(for tests: String) async -> Bool {
        guard let url, !url.isEmpty else {
            print("SKIPPED \(tests): HUTCH_TEST_BROKER_URL is not set (scripts/test.sh starts a broker and sets it)")
            return false
        }
        do {
            let connection = try await AMQPConnection.connect(url: url)
            await connection.close()
            return true
        } catch {
            print("SKIPPED \(tests): the broker at \(url) is unreachable: \(error)")
            return false
        }
    }

    /// A name no other test (or engineer) uses: `hutch-<area>-test-<prefix>-<8 hex>`.
    public static func uniqueName(area: String, _ prefix: String) -> String {
        "hutch-\(area)-test-\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// `rabbitmqctl` failed: the arguments and what it printed.
    public struct CtlFailure: Error, CustomStringConvertible {
        /// The arguments given to `rabbitmqctl`.
        public var arguments: [String]
        /// Its standard output and error.
        public var output: String

        /// Creates a failure.
        public init(arguments: [String], output: String) {
            self.arguments = arguments
            self.output = output
        }

        public var description: String { "rabbitmqctl \(arguments.joined(separator: " ")) failed: \(output)" }
    }

    /// `scripts/broker.sh`, which starts, stops and controls the test brokers.
    public static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/broker.sh")

    /// Runs `scripts/broker.sh ctl ARGS` (rabbitmqctl against the private broker) and
    /// returns what it printed.
    @discardableResult
    public static func ctl(_ arguments: [String]) async throws -> String {
        let result = try await Command.run("/bin/bash", [script.path, "ctl"] + arguments, includeStandardError: true)
        guard result.status == 0 else { throw CtlFailure(arguments: arguments, output: result.output) }
        return result.output
    }
}
