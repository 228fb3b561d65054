import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Synchronization

/// What every part of the client benchmark shares: the run's unique names, the typical
/// message, and the loads (from the environment).
enum Bench {
    /// Unique per run (HUTCH_BENCH_RUN_ID when set, for `--profile` runs that share a
    /// queue); part of every exchange and queue name, so runs never collide.
    static let runID = environment["HUTCH_BENCH_RUN_ID"] ?? String(UUID().uuidString.lowercased().prefix(8))
    /// The exchange the Swift side publishes to. The C and pika baselines use the same
    /// name with `-c` / `-p` instead of `-s`, so their basic.publish has the same length.
    static var exchange: String { "hutch-bench-\(runID)-s" }
    static var throughputQueue: String { "hutch-bench-\(runID)-s" }
    static var latencyQueue: String { "hutch-bench-\(runID)-s-latency" }
    static var idleQueue: String { "hutch-bench-\(runID)-s-idle" }
    static var backlogQueue: String { "hutch-bench-\(runID)-s-backlog" }
    static let routingKey = "bench.orders.created"
    static let latencyRoutingKey = "bench.orders.latency"
    static let idleRoutingKey = "bench.orders.idle"
    static let backlogRoutingKey = "bench.orders.backlog"

    /// A typical Hutch message body (the one HutchBenchmarks encodes).
    static let typicalBody: JSONValue = [
        "id": 12345, "order_id": "ord_8f3a2c", "total": 99.95, "currency": "EUR",
        "items": [["sku": "A-1", "qty": 2, "price": 19.99], ["sku": "B-7", "qty": 1, "price": 59.97]],
        "customer": ["name": "Zoë Müller", "email": "zoe@example.com", "vip": true],
        "created_at": "2026-11-27T03:43:53.000Z", "note": nil
    ]
    /// Properties given to `publish` (Hutch adds message_id, timestamp, content_type, …).
    static let properties: PublishProperties = ["headers": ["trace": "abc"]]

    /// The typical body with `bench_sent_ns` appended as its last field.
    static func latencyBody(sentNanoseconds: UInt64) -> JSONValue {
        guard case .object(var object) = typicalBody else { return typicalBody }
        _ = object.updateValue(.integer(JSONInteger(sentNanoseconds)), forKey: "bench_sent_ns")
        return .object(object)
    }

    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["HUTCH_BENCH_BROKER_URL"] ?? "amqp://guest:guest@127.0.0.1:5682/"
    static func load(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init) ?? fallback }
    static let messages = load("HUTCH_BENCH_MESSAGES", 20_000)
    static let confirmMessages = load("HUTCH_BENCH_CONFIRM_MESSAGES", 5_000)
    static let consumeMessages = load("HUTCH_BENCH_CONSUME_MESSAGES", messages)
    static let latencyMessages = load("HUTCH_BENCH_LATENCY_MESSAGES", 2_000)
    static let latencyRate = load("HUTCH_BENCH_LATENCY_RATE", 1_000)
    static let idleConsumers = min(load("HUTCH_BENCH_IDLE_CONSUMERS", 200), 1_000)
    static let backlogMessages = load("HUTCH_BENCH_BACKLOG_MESSAGES", 20_000)

    /// A body of about 1 kB (the typical body and padding), for the backlog.
    static let backlogBody: JSONValue = {
        guard case .object(var object) = typicalBody else { return typicalBody }
        _ = object.updateValue(.string(String(repeating: "x", count: 700)), forKey: "padding")
        return .object(object)
    }()

    /// Plain Hutch 1.3.1 (no hutch-schedule) at its default `channel_prefetch` 0, with
    /// the worker's ``HutchClientSettings/boundedPrefetch`` as given (`nil`: unlimited,
    /// as Ruby).
    static func backlogSettings(boundedPrefetch: Int?) throws -> HutchClientSettings {
        var settings = HutchClientSettings(
            connection: try ConnectionOptions(url: url), profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        settings.topology.mqExchange = exchange
        settings.boundedPrefetch = boundedPrefetch
        return settings
    }

    /// The client settings: Hutch's defaults for the default pairing (Hutch 1.3.1 with
    /// hutch-schedule: prefetch 20, 20 handlers at once), on a unique exchange; the
    /// schedule exchange and its 21 delay queues are not declared.
    static func settings() throws -> HutchClientSettings {
        var settings = HutchClientSettings(connection: try ConnectionOptions(url: url))
        settings.topology.mqExchange = exchange
        settings.declareSchedule = false
        return settings
    }

    /// ``settings()`` with `concurrency` handlers at once and `channel_prefetch` `prefetch`.
    static func settings(concurrency: Int, prefetch: Int) throws -> HutchClientSettings {
        var settings = try settings()
        settings.concurrency = concurrency
        settings.topology.channelPrefetch = prefetch
        return settings
    }
}

/// Monotonic nanoseconds (CLOCK_MONOTONIC), comparable within the process.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// The resident set size of this process, from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Reads a queue's depth with `depth` every millisecond until it holds `count` messages:
/// asking without a pause would load the broker with `queue.declare` calls while it takes
/// the messages in. The three clients of the benchmark wait the same way.
func pollDepth(atLeast count: UInt32, _ depth: () async throws -> UInt32) async throws {
    while try await depth() < count { try await Task.sleep(for: .milliseconds(1)) }
}

/// The private (anonymous) part of the resident set, from `RssAnon` in /proc/self/status:
/// without the pages of shared libraries and of the executable, which the first use of
/// any code path (the first Worker, say) faults in once.
func anonymousBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return -1 }
    return kilobytes * 1024
}

/// Counts handled messages; wakes a waiter when a target is reached.
final class Countdown: Sendable {
    private struct State {
        var count = 0
        var target = Int.max
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    func tick() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.count += 1
            guard state.count >= state.target, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns once `target` ticks were counted in all.
    func wait(for target: Int) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.count >= target { return true }
                state.target = target
                state.waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }
}

/// Holds handlers until released (the backlog consumer never finishes a message before).
final class Hold: Sendable {
    private let state = Mutex<(released: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let released = state.withLock { state -> Bool in
                if !state.released { state.waiters.append(continuation) }
                return state.released
            }
            if released { continuation.resume() }
        }
    }

    func release() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.released = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Latencies in nanoseconds, recorded by handlers.
final class LatencyRecorder: Sendable {
    private let samples = Mutex<[UInt64]>([])
    let countdown = Countdown()

    func record(_ nanoseconds: UInt64) {
        samples.withLock { $0.append(nanoseconds) }
        countdown.tick()
    }

    var sorted: [UInt64] { samples.withLock { $0 }.sorted() }
}
