import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Logging

// The client benchmark: publish (with and without confirms), consume-with-ack, end-to-end
// latency and memory per idle consumer of the production client against a real broker
// (HUTCH_BENCH_BROKER_URL, default amqp://guest:guest@127.0.0.1:5682/), each printed
// beside the baselines given with --baseline NAME=FILE (files of "RESULT key value"
// lines, as Benchmarks/c-baseline/amqp_loop and scripts/pika_loop.py print). Not a test:
// it asserts nothing about speed. scripts/benchmark.sh runs it with the baselines.
//
//   HutchClientBenchmarks --write-sample FILE   the typical message, for the baselines
//   HutchClientBenchmarks [--baseline NAME=FILE …]
//
// Loads: HUTCH_BENCH_MESSAGES (20000 per throughput figure), HUTCH_BENCH_CONFIRM_MESSAGES (5000),
// HUTCH_BENCH_CONSUME_MESSAGES, HUTCH_BENCH_LATENCY_MESSAGES (2000),
// HUTCH_BENCH_LATENCY_RATE (1000 msg/s), HUTCH_BENCH_IDLE_CONSUMERS (200),
// HUTCH_BENCH_BACKLOG_MESSAGES (20000 of about 1 kB, for the memory with a backlog).

var arguments = Array(CommandLine.arguments.dropFirst())
var baselines: [(name: String, results: [String: Double])] = []
var samplePath: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--write-sample":
        samplePath = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--baseline":
        guard !arguments.isEmpty else { break }
        let spec = arguments.removeFirst()
        guard let equals = spec.firstIndex(of: "=") else { continue }
        let name = String(spec[..<equals])
        let text = (try? String(contentsOfFile: String(spec[spec.index(after: equals)...]), encoding: .utf8)) ?? ""
        baselines.append((name, parseResults(text)))
    default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(2)
    }
}

func parseResults(_ text: String) -> [String: Double] {
    var results: [String: Double] = [:]
    for line in text.split(separator: "\n") {
        let fields = line.split(separator: " ")
        if fields.count == 3, fields[0] == "RESULT", let value = Double(fields[2]) { results[String(fields[1])] = value }
    }
    return results
}

func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// The message the Publisher sends for the typical body: its content-header payload and
/// body bytes, with the worker's prefetch and the queue's durability, for the C and pika
/// loops to send and declare too.
func writeSample(to path: String) throws {
    let settings = try Bench.settings()
    let message = try HutchPublisher(configuration: settings.publisherConfiguration).publish(
        routingKey: Bench.routingKey, message: .value(Bench.typicalBody), properties: Bench.properties, environment: .system)
    let header = try ContentHeaderCodec.encode(properties: message.properties, bodySize: UInt64(message.body.count))
    // The consumer queue as the pairing declares it (hutch-schedule on Hutch >= 1.1.1:
    // non-durable), so the baselines' queues make the broker do the same work.
    let plan = try TopologyDeclarer(settings: settings).plan(consumers: [NullConsumer.definition])
    var durable = true
    for case .queueDeclare(let declare) in plan.declarations where declare.queue == Bench.throughputQueue {
        durable = declare.durable
    }
    let text = """
        routing_key \(message.routingKey)
        header \(hex(header))
        body \(hex(message.body))
        prefetch \(settings.topology.channelPrefetch ?? 0)
        queue_durable \(durable ? 1 : 0)

        """
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

if let samplePath {
    try writeSample(to: samplePath)
    exit(0)
}

// MARK: Reporting

@MainActor
func record(_ key: String, _ name: String, _ unit: String, _ value: Double) {
    print("RESULT \(key) \(String(format: "%.1f", value))")
    var line = "\(name.padding(toLength: 40, withPad: " ", startingAt: 0)) \(String(format: "%12.1f", value)) \(unit)"
    for baseline in baselines {
        guard let other = baseline.results[key] else { continue }
        let ratio = other > 0 ? String(format: "%.2fx", value / other) : "n/a"
        line += "   \(baseline.name): \(String(format: "%.1f", other)) (\(ratio))"
    }
    print(line)
}

// MARK: The run

var logger = Logger(label: "hutch.bench")
logger.logLevel = .warning
let settings = try Bench.settings()
print("HutchClientBenchmarks — run \(Bench.runID), broker \(settings.sanitizedURI), \(ProcessInfo.processInfo.processorCount) cores")
print("loads: \(Bench.messages) publishes, \(Bench.confirmMessages) confirmed publishes, \(Bench.consumeMessages) consumed, "
    + "\(Bench.latencyMessages) latency messages at \(Bench.latencyRate)/s, \(Bench.idleConsumers) idle consumers, "
    + "\(Bench.backlogMessages) backlog messages")

let admin = try await AMQPConnection.connect(settings.connection)
let adminChannel = try await admin.openChannel()
let hutch = HutchConnection(settings: settings, logger: logger)

func queueDepth(_ queue: String) async throws -> UInt32 {
    try await admin.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: adminChannel)?.messageCount ?? 0
}

func waitForDepth(_ queue: String, atLeast depth: UInt32) async throws {
    while try await queueDepth(queue) < depth {}
}

func seconds(since start: UInt64) -> Double { Double(monotonicNanoseconds() - start) / 1e9 }

func runWorker(_ worker: Worker) -> Task<Void, any Error> {
    Task { try await worker.run() }
}

/// How much the resident set grows while a Worker with Hutch's default prefetch 0 holds
/// a backlog of `Bench.backlogMessages`: bounded by `boundedPrefetch`, or unlimited as
/// Ruby (`nil`). Waits until the broker has sent all it will, then measures.
@MainActor
func backlogGrowth(boundedPrefetch: Int?) async throws -> Int {
    let backlogSettings = try Bench.backlogSettings(boundedPrefetch: boundedPrefetch)
    let backlogHutch = HutchConnection(settings: backlogSettings, logger: logger)
    try await TopologyDeclarer(settings: backlogSettings).declare(consumers: [HoldingConsumer.definition], on: admin, channel: adminChannel)
    let backlogPublisher = Publisher(connection: backlogHutch, logger: logger)
    for _ in 0..<Bench.backlogMessages {
        try await backlogPublisher.publish(Bench.backlogRoutingKey, json: Bench.backlogBody, properties: Bench.properties)
    }
    try await waitForDepth(Bench.backlogQueue, atLeast: UInt32(Bench.backlogMessages))
    let before = residentBytes()
    let hold = Hold()
    let worker = Worker(connection: backlogHutch, consumers: [HoldingConsumer(hold: hold)], publisher: backlogPublisher, logger: logger)
    let running = runWorker(worker)
    try await worker.waitForSubscription()
    let sent = min(boundedPrefetch ?? Bench.backlogMessages, Bench.backlogMessages)
    let deadline = monotonicNanoseconds() + 60_000_000_000
    while try await queueDepth(Bench.backlogQueue) > UInt32(Bench.backlogMessages - sent), monotonicNanoseconds() < deadline {
        try await Task.sleep(for: .milliseconds(20))
    }
    try await Task.sleep(for: .milliseconds(500))
    let after = residentBytes()
    hold.release()
    worker.shutdown()
    try await running.value
    _ = try await admin.purgeQueue(Bench.backlogQueue, on: adminChannel)
    await backlogHutch.close()
    return after - before
}

func cleanUp() async {
    for queue in [Bench.throughputQueue, Bench.latencyQueue, Bench.idleQueue, Bench.backlogQueue] {
        _ = try? await admin.deleteQueue(queue, on: adminChannel)
    }
    _ = try? await admin.deleteExchange(Bench.exchange, on: adminChannel)
}

do {
    _ = try await hutch.connection()

    // 1. Memory per idle consumer: RSS before and after one Worker subscribed N consumers.
    let before = residentBytes()
    let idleWorker = Worker(connection: hutch, consumers: idleConsumers(Bench.idleConsumers), logger: logger)
    let idleRun = runWorker(idleWorker)
    try await idleWorker.waitForSubscription()
    try await Task.sleep(for: .milliseconds(300))
    let after = residentBytes()
    idleWorker.shutdown()
    try await idleRun.value
    record("idle_consumer_bytes", "memory per idle consumer", "bytes", Double(after - before) / Double(Bench.idleConsumers))

    // 1b. Memory with a backlog at Hutch's default prefetch 0: bounded (the worker's
    // default boundedPrefetch) first, then unlimited as Ruby, whose growth stays in RSS.
    let boundedPrefetch = HutchClientSettings().boundedPrefetch
    record("backlog_bounded_bytes", "RSS growth, backlog, prefetch 0 -> \(boundedPrefetch ?? 0)", "bytes",
        Double(try await backlogGrowth(boundedPrefetch: boundedPrefetch)))
    record("backlog_unbounded_bytes", "RSS growth, backlog, prefetch 0 (Ruby)", "bytes",
        Double(try await backlogGrowth(boundedPrefetch: nil)))

    // 2. Publish without confirms: until the queue holds every message.
    try await TopologyDeclarer(settings: settings).declare(
        consumers: [NullConsumer.definition, LatencyConsumer.definition], on: admin, channel: adminChannel)
    let publisher = Publisher(connection: hutch, logger: logger)
    try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties)  // opens the channel
    try await waitForDepth(Bench.throughputQueue, atLeast: 1)
    var start = monotonicNanoseconds()
    for _ in 0..<Bench.messages {
        try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties)
    }
    try await waitForDepth(Bench.throughputQueue, atLeast: UInt32(1 + Bench.messages))
    record("publish", "publish (no confirms)", "msg/s", Double(Bench.messages) / seconds(since: start))

    // 3. Publish with confirms, each awaited before the next.
    start = monotonicNanoseconds()
    for _ in 0..<Bench.confirmMessages {
        try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties, confirm: true)
    }
    record("publish_confirm", "publish (confirms, one by one)", "msg/s", Double(Bench.confirmMessages) / seconds(since: start))

    // 4. Consume with ack: a Worker running a consumer that does nothing.
    try await waitForDepth(Bench.throughputQueue, atLeast: UInt32(1 + Bench.messages + Bench.confirmMessages))
    let handled = Countdown()
    let worker = Worker(connection: hutch, consumers: [NullConsumer(handled: handled)], publisher: publisher, logger: logger)
    start = monotonicNanoseconds()
    let consumeRun = runWorker(worker)
    await handled.wait(for: Bench.consumeMessages)
    record("consume", "consume with ack (Worker)", "msg/s", Double(Bench.consumeMessages) / seconds(since: start))
    worker.shutdown()
    try await consumeRun.value

    // 5. End-to-end latency, publish -> handler, at a fixed rate.
    let recorder = LatencyRecorder()
    let latencyWorker = Worker(connection: hutch, consumers: [LatencyConsumer(recorder: recorder)], publisher: publisher, logger: logger)
    let latencyRun = runWorker(latencyWorker)
    try await latencyWorker.waitForSubscription()
    let clock = ContinuousClock()
    let begin = clock.now
    let interval = Duration.nanoseconds(1_000_000_000 / max(Bench.latencyRate, 1))
    for index in 0..<Bench.latencyMessages {
        let due = begin + interval * index
        if clock.now < due { try await Task.sleep(until: due, tolerance: .zero, clock: clock) }
        try await publisher.publish(
            Bench.latencyRoutingKey, json: Bench.latencyBody(sentNanoseconds: monotonicNanoseconds()), properties: Bench.properties)
    }
    await recorder.countdown.wait(for: Bench.latencyMessages)
    latencyWorker.shutdown()
    try await latencyRun.value
    let latencies = recorder.sorted
    func percentile(_ p: Int) -> Double { Double(latencies[min(latencies.count - 1, latencies.count * p / 100)]) / 1e3 }
    record("latency_p50_us", "latency p50", "µs", percentile(50))
    record("latency_p90_us", "latency p90", "µs", percentile(90))
    record("latency_p99_us", "latency p99", "µs", percentile(99))
    record("latency_max_us", "latency max", "µs", Double(latencies.last ?? 0) / 1e3)
} catch {
    await cleanUp()
    await hutch.close()
    await admin.close()
    throw error
}
await cleanUp()
await hutch.close()
await admin.close()
