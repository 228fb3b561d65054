import Foundation
import HutchAMQP
import HutchTestSupport
import Testing

/// A RabbitMQ instance of its own that a test may stop and start: scripts/test.sh starts
/// it next to the shared test broker (scripts/broker.sh with its own directory, port and
/// node name) and exports `HUTCH_TEST_RESTART_BROKER_DIR`, `_PORT` and `_NODE`.
///
/// Restarting means `rabbitmqctl stop_app` then `start_app`: RabbitMQ stops inside the
/// running Erlang VM (every connection is closed with 320 CONNECTION_FORCED, the
/// listener goes away) and starts again, recovering durable queues and persistent
/// messages — a real broker restart in seconds instead of a new VM's twenty.
enum RestartableBroker {
    static let environment = ProcessInfo.processInfo.environment
    static let directory = environment["HUTCH_TEST_RESTART_BROKER_DIR"]
    static let port = environment["HUTCH_TEST_RESTART_BROKER_PORT"].flatMap(Int.init)
    static let node = environment["HUTCH_TEST_RESTART_BROKER_NODE"]

    /// The condition of a restart test: the runner reports it skipped, with this reason,
    /// when there is no dedicated instance or it does not answer.
    static let available: ConditionTrait = .enabled(
        "needs a dedicated RabbitMQ it may restart: HUTCH_TEST_RESTART_BROKER_DIR, _PORT and _NODE (scripts/test.sh starts one)"
    ) {
        await check()
    }

    struct NotConfigured: Error {}

    /// Options for the instance (guest on 127.0.0.1).
    static func options() throws -> ConnectionOptions {
        guard let port else { throw NotConfigured() }
        return ConnectionOptions(host: "127.0.0.1", port: port, username: "guest", password: "guest")
    }

    /// Whether the instance is set up and answers both AMQP and rabbitmqctl; prints why not.
    static func check(_ test: String = "broker restart tests") async -> Bool {
        guard let directory, !directory.isEmpty, port != nil, let node, !node.isEmpty else {
            print(
                "SKIPPED \(test): HUTCH_TEST_RESTART_BROKER_DIR / _PORT / _NODE are not set: no dedicated broker was started (scripts/test.sh starts one)"
            )
            return false
        }
        do {
            let connection = try await AMQPConnection.connect(try options())
            await connection.close()
            _ = try await ctl(["status"])
            return true
        } catch {
            print("SKIPPED \(test): the dedicated broker (node \(node), \(directory)) does not answer: \(error)")
            return false
        }
    }

    /// `rabbitmqctl stop_app` then `start_app`; returns how long each took.
    static func restart() async throws -> (stop: Duration, start: Duration) {
        let clock = ContinuousClock()
        let stop = try await clock.measure { _ = try await ctl(["stop_app"]) }
        let start = try await clock.measure { _ = try await ctl(["start_app"]) }
        return (stop, start)
    }

    /// Runs `scripts/broker.sh ctl ARGS` against the instance without blocking a
    /// cooperative thread.
    @discardableResult
    static func ctl(_ arguments: [String]) async throws -> String {
        guard let directory, let port, let node else { throw NotConfigured() }
        let result = try await Command.run(
            "/bin/bash", [TestBroker.script.path, "ctl"] + arguments,
            environment: ["HUTCH_BROKER_DIR": directory, "HUTCH_BROKER_PORT": String(port), "HUTCH_BROKER_NODE": node],
            includeStandardError: true)
        guard result.status == 0 else { throw TestBroker.CtlFailure(arguments: arguments, output: result.output) }
        return result.output
    }
}
