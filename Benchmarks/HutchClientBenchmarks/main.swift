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
//   HutchClientBenchmarks --profile SHAPE COUNT  one shape alone, for a profiler (Profile.swift)
//
// Loads: HUTCH_BENCH_MESSAGES (20000 per throughput figure), HUTCH_BENCH_CONFIRM_MESSAGES (5000),
// HUTCH_BENCH_CONSUME_MESSAGES, HUTCH_BENCH_LATENCY_MESSAGES (2000),
// HUTCH_BENCH_LATENCY_RATE (1000 msg/s), HUTCH_BENCH_IDLE_CONSUMERS (200),
// HUTCH_BENCH_BACKLOG_MESSAGES (20000 of about 1 kB, for the memory with a backlog).

var arguments = Array(CommandLine.arguments.dropFirst())
var baselines: [(name: String, results: [String: Double])] = []
var samplePath: String?
var profile: (shape: String, count: Int)?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--write-sample":
        samplePath = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--profile":
        guard arguments.count >= 2 else { break }
        profile = (arguments.removeFirst(), Int(arguments.removeFirst()) ?? 0)
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

// A synchronous main: valgrind 3.19 crashes on the thread dispatchMain() parks in
// sigsuspend, so a --profile run waits on a semaphore instead.
if let (shape, count) = profile {
    let finished = DispatchSemaphore(value: 0)
    Task.detached {
        var profileLogger = Logger(label: "hutch.bench")
        profileLogger.logLevel = .warning
        do {
            try await Profile.run(shape, count: count, logger: profileLogger)
        } catch {
            FileHandle.standardError.write(Data("profile \(shape) failed: \(error)\n".utf8))
            exit(1)
        }
        finished.signal()
    }
    finished.wait()
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

Task { @MainActor in
    do {
        try await runBenchmarks()
    } catch {
        FileHandle.standardError.write(Data("HutchClientBenchmarks failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
dispatchMain()
