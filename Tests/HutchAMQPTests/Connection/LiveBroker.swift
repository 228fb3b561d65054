import Foundation
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// The broker the live tests use: `HUTCH_TEST_BROKER_URL` (scripts/test.sh exports it
/// after starting a private RabbitMQ on 127.0.0.1:5682).
enum LiveBroker {
    static let url = TestBroker.url

    /// The condition of a live suite: the runner reports it skipped, with this reason,
    /// when the broker does not answer.
    static let reachable: ConditionTrait = .enabled("needs a reachable RabbitMQ at HUTCH_TEST_BROKER_URL; scripts/test.sh starts one") {
        await available()
    }

    /// Whether the broker answers; prints why not, so a skip is never silent.
    static func available() async -> Bool { await TestBroker.isReachable(for: "live connection tests") }

    /// Options for the test broker.
    static func options() throws -> ConnectionOptions {
        try ConnectionOptions(url: try #require(url))
    }

    /// A name no other test (or engineer) uses.
    static func uniqueName(_ prefix: String) -> String { TestBroker.uniqueName(area: "conn", prefix) }
}

/// Opens a connection and channel 1, runs `body`, deletes `queues` and `exchanges` on a
/// fresh connection afterwards (even when `body` throws) and closes.
func withLiveConnection(
    queues: [String] = [], exchanges: [String] = [],
    _ body: (AMQPConnection) async throws -> Void
) async throws {
    try await withChannelOne(
        connect: { try await AMQPConnection.connect(try LiveBroker.options()) }, transport: { $0 }, queues: queues,
        exchanges: exchanges, body)
}

/// The error `body` throws, or a test failure when it throws none.
func expectAMQPError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws(AMQPError) -> Void
) async -> AMQPError? {
    do throws(AMQPError) {
        try await body()
        Issue.record("expected an AMQPError, got none", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
