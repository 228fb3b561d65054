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

/// Idle consumers: HutchConsumer's settings are static, so each of the N consumers is
/// its own type, `IdleConsumer<H, T, O>` for the digits of its number. All of them share
/// one queue (Hutch declares it once and subscribes each consumer with its own tag).
protocol Digit { static var value: Int { get } }
enum D0: Digit { static var value: Int { 0 } }
enum D1: Digit { static var value: Int { 1 } }
enum D2: Digit { static var value: Int { 2 } }
enum D3: Digit { static var value: Int { 3 } }
enum D4: Digit { static var value: Int { 4 } }
enum D5: Digit { static var value: Int { 5 } }
enum D6: Digit { static var value: Int { 6 } }
enum D7: Digit { static var value: Int { 7 } }
enum D8: Digit { static var value: Int { 8 } }
enum D9: Digit { static var value: Int { 9 } }

struct IdleConsumer<H: Digit, T: Digit, O: Digit>: HutchConsumer {
    static var routingKeys: [String] { [Bench.idleRoutingKey] }
    static var className: String { "IdleConsumer\(H.value)\(T.value)\(O.value)" }
    static var queueName: String? { Bench.idleQueue }

    func process(_ message: ReceivedMessage<JSONValue>) async throws {}
}

func idleConsumer<H: Digit, T: Digit, O: Digit>(_: H.Type, _: T.Type, _: O.Type) -> any HutchConsumer {
    IdleConsumer<H, T, O>()
}

/// `count` (at most 1000) distinct idle consumer types.
func idleConsumers(_ count: Int) -> [any HutchConsumer] {
    let digits: [any Digit.Type] = [D0.self, D1.self, D2.self, D3.self, D4.self, D5.self, D6.self, D7.self, D8.self, D9.self]
    var consumers: [any HutchConsumer] = []
    for number in 0..<count {
        let hundreds: any Digit.Type = digits[number / 100 % 10]
        let tens: any Digit.Type = digits[number / 10 % 10]
        let ones: any Digit.Type = digits[number % 10]
        consumers.append(idleConsumer(hundreds, tens, ones))
    }
    return consumers
}
