import Foundation
import HutchTestSupport
import Testing

/// `hutch-conformance live` stopped by SIGINT or SIGTERM deletes the vhosts it created
/// and exits 128 + the signal.
@Suite(.serialized) struct LiveInterruptionTests {
    /// The run name (`hutch-conformance-<uuid>`) from the line `this run's vhosts:
    /// NAME-* …` the child prints first; `nil` when it does not within `timeout`.
    static func runName(of child: ChildProcess, timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = child.output.first(where: { $0.hasPrefix("this run's vhosts: ") }) {
                return line.split(separator: " ")[3].replacingOccurrences(of: "-*", with: "")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Waits until a vhost whose name starts with `prefix` exists; false when none
    /// appears within `timeout`.
    static func vhostAppears(_ prefix: String, timeout: Duration) async throws -> Bool {
        let api = try LiveTestBroker.management()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await api.virtualHostNames().contains(where: { $0.hasPrefix(prefix) }) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test(
        LiveTestBroker.reachable, ExitStatusTests.built,
        arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalDeletesTheRunsVhostsAndExits(signal: Int32, status: Int32) async throws {
        // The whole shared corpus: its delay and retry lanes run for seconds after the
        // vhosts are created, so the signal comes while the run works.
        let child = try ChildProcess(
            CommandLineTests.executable,
            arguments: [
                "live", "--url", LiveTestBroker.url ?? "", "--management-url", LiveTestBroker.managementURL ?? "",
                "--http-timeout", "\(Int(LiveTestBroker.httpTimeout))", TestCorpus.root
            ],
            environment: [:])
        defer { child.kill() }
        let runName = try #require(await Self.runName(of: child, timeout: .seconds(60)))
        #expect(try await Self.vhostAppears("\(runName)-", timeout: .seconds(180)))
        child.send(signal)
        let exitStatus = await child.waitForExit(timeout: .seconds(300))
        #expect(exitStatus == status)
        let left = try await LiveTestBroker.management().virtualHostNames().filter { $0.hasPrefix("\(runName)-") }
        #expect(left.isEmpty, "left on the broker: \(left)")
    }
}
