import Hutch
import HutchConventions

// Consumers of the in-memory worker tests (`WorkerRulesTests`, `WorkerLimitsTests`).

struct SlowConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("slow-q")
    static let routingKeys = [LiveBroker.uniqueName("slow-rk")]
    let done: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws {
        try await Task.sleep(for: .milliseconds(40))
        await done.append(message.body.n)
    }
}

struct RecoveringConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("recover-q")
    static let routingKeys = [LiveBroker.uniqueName("recover-rk")]
    let done: Collector<Int>
    struct Body: Decodable, Sendable { var n: Int }
    func process(_ message: ReceivedMessage<Body>) async throws { await done.append(message.body.n) }
}

/// Holds every message until the test opens the gate, so nothing is acknowledged.
struct BacklogConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("backlog-q")
    static let routingKeys = [LiveBroker.uniqueName("backlog-rk")]
    let gate: Gate
    func process(_ message: ReceivedMessage<JSONValue>) async throws { await gate.wait() }
}
