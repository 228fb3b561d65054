import HutchAMQP
import HutchConventions
import HutchTestSupport
import HutchTesting
import Testing

/// The broker a shared behaviour scenario runs against: the real test broker or an
/// ``InMemoryBroker``, behind the same `AMQPTransport`.
struct BrokerUnderTest: Sendable {
    /// `"real"` or `"in-memory"`, for messages.
    let name: String
    let connectTransport: @Sendable () async throws -> any AMQPTransport
    /// Lets `duration` pass: the in-memory broker's clock moves on; on the real broker the
    /// wall clock does (short durations; what the broker then does asynchronously, the
    /// scenario waits for with ``eventually(_:_:)``).
    let passTime: @Sendable (Duration) async -> Void
    /// Sets a queue policy (name, pattern, dead-letter exchange, dead-letter routing key,
    /// message TTL): through the management API on the real broker.
    let setPolicy: @Sendable (QueuePolicy) async throws -> Void
    /// Removes a policy (the management API); the in-memory broker goes with its test.
    let clearPolicy: @Sendable (String) async throws -> Void

    /// The test broker at `HUTCH_TEST_BROKER_URL`.
    static func real() throws -> BrokerUnderTest {
        let url = try #require(TestBroker.url)
        return BrokerUnderTest(
            name: "real", connectTransport: { try await AMQPConnection.connect(url: url) },
            passTime: { try? await Task.sleep(for: $0) },
            setPolicy: { policy in try await TestBroker.setPolicy(policy.name, pattern: policy.pattern, definition: policy.definition) },
            clearPolicy: { name in try await TestBroker.clearPolicy(name) })
    }

    /// A fresh in-memory broker.
    static func inMemory() -> BrokerUnderTest {
        let broker = InMemoryBroker()
        return BrokerUnderTest(
            name: "in-memory", connectTransport: { broker.connect() }, passTime: { broker.advanceClock(by: $0) },
            setPolicy: { policy in
                try broker.setPolicy(
                    policy.name, pattern: policy.pattern, deadLetterExchange: policy.deadLetterExchange,
                    deadLetterRoutingKey: policy.deadLetterRoutingKey, messageTTL: policy.messageTTL)
            },
            clearPolicy: { _ in })
    }

    /// Opens a connection and channel 1, runs `body`, then deletes `queues` and
    /// `exchanges` on a fresh connection (even when `body` throws) and closes.
    func withTransport(
        queues: [String] = [], exchanges: [String] = [], _ body: (any AMQPTransport) async throws -> Void
    ) async throws {
        try await withChannelOne(connect: connectTransport, transport: { $0 }, queues: queues, exchanges: exchanges, body)
    }

    /// A name no other test uses.
    func uniqueName(_ prefix: String) -> String { TestBroker.uniqueName(area: "double", prefix) }

    /// The first non-`nil` result of `attempt`, tried until it gives one or 10 seconds
    /// pass (the real broker delivers and expires asynchronously; the in-memory one has
    /// done so by the time a call returns, so the first try answers).
    func eventually<T>(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ attempt: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            if let value = try await attempt() { return value }
            guard ContinuousClock.now < deadline else {
                Issue.record("\(name) broker: \(what) did not happen within 10 seconds", sourceLocation: sourceLocation)
                throw BehaviourTimeout(what: what)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A queue policy the scenarios set on both brokers.
struct QueuePolicy: Sendable {
    var name: String
    var pattern: String
    var deadLetterExchange: String?
    var deadLetterRoutingKey: String?
    var messageTTL: Int64?

    /// The definition as the management API takes it.
    var definition: JSONObject {
        var fields = JSONObject()
        if let deadLetterExchange { fields["dead-letter-exchange"] = .string(deadLetterExchange) }
        if let deadLetterRoutingKey { fields["dead-letter-routing-key"] = .string(deadLetterRoutingKey) }
        if let messageTTL { fields["message-ttl"] = .int(messageTTL) }
        return fields
    }
}

/// A condition a scenario waited for did not come within the bound.
struct BehaviourTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "\(what) did not happen within 10 seconds" }
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

extension AMQPTransport {
    /// Declares a non-durable queue (with `arguments`) on channel 1.
    func declareQueue(_ name: String, arguments: FieldTable = FieldTable()) async throws(AMQPError) {
        _ = try await declare(.queueDeclare(QueueDeclare(queue: name, durable: false, arguments: arguments)), on: 1)
    }

    /// Publishes `body` on channel 1.
    func publish(_ body: String, to exchange: String = "", routingKey: String, properties: BasicProperties = BasicProperties())
        async throws(AMQPError)
    {
        try await publish(
            BasicPublish(exchange: exchange, routingKey: routingKey), properties: properties, body: Array(body.utf8), on: 1,
            blockedTimeout: .seconds(5))
    }

    /// The next message of `queue` on channel 1, acknowledged.
    func take(_ queue: String) async throws(AMQPError) -> FetchedMessage? {
        try await get(queue: queue, autoAck: true, on: 1)
    }
}

extension AMQPTransport {
    /// Publishes `finalBody` on channel 1 confirmed (putting the channel in confirm mode):
    /// once the broker confirms it, every earlier publish on the channel is routed.
    func settle(finalBody: String, routingKey: String) async throws(AMQPError) {
        try await confirmSelect(on: 1)
        try await publishConfirmed(
            BasicPublish(exchange: "", routingKey: routingKey), properties: BasicProperties(), body: Array(finalBody.utf8), on: 1,
            timeout: .seconds(10), blockedTimeout: .seconds(5), failWhenUnroutable: false)
    }
}
