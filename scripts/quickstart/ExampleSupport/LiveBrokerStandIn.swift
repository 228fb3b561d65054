// For scripts/quickstart-check.sh: the two helpers of the test suite (Tests/HutchTests/Support)
// that the example files call around the documented blocks, with the same signatures, so
// that the files compile in a package that sees only the products. That package compiles
// the examples and does not run them: these stand-ins connect to nothing, and every live
// test they gate reports itself skipped, with this reason, if it is ever run there.
import Hutch
import Testing

enum LiveBroker {
    static let url: String? = nil

    static let reachable: ConditionTrait = .disabled("compiled by scripts/quickstart-check.sh against the products, run by the test suite")

    static func uniqueName(_ prefix: String) -> String { prefix }

    static func settings(profile: VersionProfile, exchange: String = "x", virtualHost: String? = nil) throws -> HutchClientSettings {
        HutchClientSettings(profile: profile)
    }

    static func logger(_ label: String) -> Logger { Logger(label: label) }

    static func cleanUp(settings: HutchClientSettings, queues: [String]) async {}
}

/// Waits until `condition` holds, checking every 10 ms, for at most `timeout`.
func waitUntil(timeout: Duration, _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while await !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
}
