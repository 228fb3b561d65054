import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// The private three-node RabbitMQ cluster of scripts/cluster.sh, which the cluster tests
/// may stop, kill and start node by node. scripts/test.sh starts it while the tests build
/// and exports `HUTCH_TEST_CLUSTER_URLS` (the nodes' AMQP URLs in node order) and
/// `HUTCH_TEST_CLUSTER_DIR`, `_PORT` and `_NAME` (what `scripts/cluster.sh` needs to reach
/// the nodes).
enum TestCluster {
    static let environment = ProcessInfo.processInfo.environment
    static let urls = (environment["HUTCH_TEST_CLUSTER_URLS"] ?? "").split(separator: ",").map(String.init)
    static let script = TestBroker.script.deletingLastPathComponent().appendingPathComponent("cluster.sh")

    /// The condition of a cluster test: the runner reports it skipped, with this reason,
    /// when there is no cluster or it does not answer.
    static let available: ConditionTrait = .enabled(
        "needs the three-node test cluster: HUTCH_TEST_CLUSTER_URLS, _DIR, _PORT and _NAME (scripts/test.sh starts one with scripts/cluster.sh)"
    ) {
        await check()
    }

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String { "HUTCH_TEST_CLUSTER_URLS does not list three nodes" }
    }

    /// The nodes, 1…3.
    static var nodes: ClosedRange<Int> { 1...3 }

    /// Options for node `n` (guest on 127.0.0.1).
    static func options(node n: Int) throws -> ConnectionOptions {
        guard urls.count == 3 else { throw NotConfigured() }
        return try ConnectionOptions(url: urls[n - 1])
    }

    /// The address of node `n`.
    static func address(node n: Int) throws -> BrokerAddress {
        let options = try options(node: n)
        return BrokerAddress(host: options.host, port: options.port)
    }

    /// The node listening at `address`.
    static func node(at address: BrokerAddress?) -> Int? {
        nodes.first { (try? self.address(node: $0)) == address }
    }

    /// Settings that connect to node `first` and fail over to the others in node order.
    static func settings(first: Int = 1, profile: VersionProfile) throws -> HutchClientSettings {
        var settings = HutchClientSettings(connection: try options(node: first), profile: profile)
        settings.failoverAddresses = try nodes.filter { $0 != first }.map { try address(node: $0) }
        return settings
    }

    /// Whether the cluster is set up, every node answers AMQP and three nodes run; prints why not.
    static func check(_ test: String = "cluster tests") async -> Bool {
        guard urls.count == 3, environment["HUTCH_TEST_CLUSTER_DIR"] != nil else {
            print(
                "SKIPPED \(test): HUTCH_TEST_CLUSTER_URLS (three nodes) / _DIR / _PORT / _NAME are not set: no cluster was started (scripts/test.sh starts one)"
            )
            return false
        }
        do {
            for n in nodes {
                let connection = try await AMQPConnection.connect(try options(node: n))
                await connection.close()
            }
            let running = try await runningNodes()
            guard running == 3 else {
                print("SKIPPED \(test): the test cluster runs \(running) nodes, not 3")
                return false
            }
            return true
        } catch {
            print("SKIPPED \(test): the test cluster does not answer: \(error)")
            return false
        }
    }

    /// How many nodes `cluster_status` (asked on any node that answers) shows running.
    static func runningNodes() async throws -> Int {
        var lastError: (any Error)?
        for n in nodes {
            do {
                let status = try await ctl(n, ["cluster_status", "--formatter", "json"])
                guard let object = try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any],
                    let running = object["running_nodes"] as? [String]
                else { continue }
                return running.count
            } catch { lastError = error }
        }
        throw lastError ?? NotConfigured()
    }

    /// `rabbitmqctl ARGS` against node `n`.
    @discardableResult
    static func ctl(_ n: Int, _ arguments: [String]) async throws -> String {
        try await cluster(["ctl", String(n)] + arguments)
    }

    /// kill -9 of node `n`'s Erlang VM.
    static func kill(_ n: Int) async throws { try await cluster(["kill", String(n)]) }

    /// Starts node `n` again after ``kill(_:)`` and waits until it runs.
    static func revive(_ n: Int) async throws { try await cluster(["revive", String(n)]) }

    /// Brings every node back (start_app on a stopped one, a new VM for a killed one)
    /// and waits until three run: the state the next cluster test expects.
    static func restoreAll() async throws {
        for n in nodes {
            if (try? await ctl(n, ["await_startup", "--timeout", "2"])) != nil { continue }
            if (try? await ctl(n, ["start_app"])) != nil { continue }
            try await revive(n)
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while try await runningNodes() < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(500)) }
    }

    @discardableResult
    private static func cluster(_ arguments: [String]) async throws -> String {
        var added: [String: String] = [:]
        for key in ["DIR", "PORT", "NAME"] { added["HUTCH_CLUSTER_\(key)"] = environment["HUTCH_TEST_CLUSTER_\(key)"] }
        let result = try await Command.run("/bin/bash", [script.path] + arguments, environment: added, includeStandardError: true)
        guard result.status == 0 else { throw TestBroker.CtlFailure(arguments: arguments, output: result.output) }
        return result.output
    }
}
