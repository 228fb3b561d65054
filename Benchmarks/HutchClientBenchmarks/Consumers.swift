import Hutch
import HutchConventions

/// The throughput consumer: decodes the JSON body (as any Hutch consumer does) and
/// returns, so the worker acks.
struct NullConsumer: HutchConsumer {
    static var routingKeys: [String] { [Bench.routingKey] }
    static var queueName: String? { Bench.throughputQueue }
    let handled: Countdown

    func process(_ message: ReceivedMessage<JSONValue>) async throws { handled.tick() }
}

/// The latency consumer: records now − `bench_sent_ns`.
struct LatencyConsumer: HutchConsumer {
    static var routingKeys: [String] { [Bench.latencyRoutingKey] }
    static var queueName: String? { Bench.latencyQueue }
    let recorder: LatencyRecorder

    func process(_ message: ReceivedMessage<JSONValue>) async throws {
        let now = monotonicNanoseconds()
        guard case .object(let object) = message.body, case .integer(let sent)? = object["bench_sent_ns"],
            let sentNanoseconds = sent.uint64
        else { return }
        recorder.record(now &- sentNanoseconds)
    }
}

/// The backlog consumer: holds every message until released, so the worker keeps all
/// the broker sends it.
struct HoldingConsumer: HutchConsumer {
    static var routingKeys: [String] { [Bench.backlogRoutingKey] }
    static var queueName: String? { Bench.backlogQueue }
    let hold: Hold

    func process(_ message: ReceivedMessage<JSONValue>) async throws { await hold.wait() }
}

/// `count` idle consumers, made at run time: all share one queue (Hutch declares it once
/// and subscribes each consumer with its own tag).
func idleConsumers(_ count: Int) -> [DynamicConsumer] {
    (0..<count).map { number in
        DynamicConsumer(
            ConsumerDefinition(className: "IdleConsumer\(number)", routingKeys: [Bench.idleRoutingKey], queueName: Bench.idleQueue)
        ) { (_: ReceivedMessage<JSONValue>, _) in }
    }
}
