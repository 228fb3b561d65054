import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Logging

/// `HutchClientBenchmarks --profile SHAPE COUNT`: one shape alone, for a profiler
/// (valgrind --tool=callgrind counts the instructions of every thread of the process).
/// The run ID comes from HUTCH_BENCH_RUN_ID, so the queue one run fills is the queue the
/// next one consumes. Two counts of one shape give the instructions per message (the
/// difference over the difference), without the setup.
///
///   fill N              N publishes without confirms (untimed), until the queue holds them
///   publish N           N publishes without confirms, until the queue holds them (prints
///                       its rate and CPU time, as the confirm and consume shapes do)
///   confirm N           N confirmed publishes, one by one
///   confirm-executor N  the same in a task preferring the connection's executor (I/O thread)
///   confirm-turns N     the two above and the C loop's confirms one by one, alone and with
///                       a reader thread, in turns of HUTCH_BENCH_TURN (250) interleaved, N
///                       each (ConfirmTurns)
///   confirm-inflight N  N confirmed publishes, 100 concurrent then waited for
///   confirm-inflight-executor N  the same in tasks preferring the connection's executor
///   confirm-inflight-turns N  the two above and the C loop's, in turns of 4 × HUTCH_BENCH_TURN
///   confirm-batch N     N confirmed publishes, 100 at a time with Publisher.sendAll
///                       (the five confirm shapes print their rate, and the CPU time per
///                       message of this process and, with HUTCH_BENCH_BROKER_PID, of the
///                       broker: see CPUUsage)
///   consume-C N         a Worker at C handlers at once, prefetch 100, until N were handled
///                       (the queue filled first, e.g. by `fill N` with the same run ID)
///   consume-C-pP N      the same at prefetch P (the benchmark's `consume` row: consume-20-p20)
///   latency N           N messages at HUTCH_BENCH_LATENCY_RATE per second, publish → handler;
///                       prints p50, p90 and p99 in µs
///   latency-executor N  the same with the handlers on the connection's executor
///   idle N              a Worker subscribing N idle consumers (the benchmark's shape), held
///                       for 2 s (for valgrind's massif); prints the growth per consumer of
///                       the private (anonymous) memory and of the RSS
///   purge 0             empties the queue
///   delete 0            deletes the queue and exchange
enum Profile {
    static func run(_ shape: String, count: Int, logger: Logger) async throws {
        let settings = try Bench.settings()
        let admin = try await AMQPConnection.connect(settings.connection)
        let channel = try await admin.openChannel()
        try await TopologyDeclarer(settings: settings).declare(consumers: [NullConsumer.definition], on: admin, channel: channel)
        let hutch = HutchConnection(settings: settings, logger: logger)
        let publisher = Publisher(connection: hutch, logger: logger)
        func depth() async throws -> UInt32 {
            try await admin.declare(.queueDeclare(QueueDeclare(queue: Bench.throughputQueue, passive: true)), on: channel)?.messageCount
                ?? 0
        }
        var before = try await depth()
        // Connected, the channel open (in confirm mode for the confirm shapes) before the
        // clock starts, as the C loop's connection is (its confirm.select is timed; this one
        // publish is not).
        if shape == "publish" {
            try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties)
            before += 1
            try await pollDepth(atLeast: before, depth)
        } else if shape.hasPrefix("confirm") {
            try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties, confirm: true)
        }
        var started = ContinuousClock.now
        var cpuAtStart = CPUUsage.now()
        /// The rate and CPU time of a timed shape.
        func report() {
            printRate(count, since: started)
            print(CPUUsage.now().report(since: cpuAtStart, messages: count))
        }
        switch shape {
        case "fill", "publish":
            for _ in 0..<count {
                try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties)
            }
            try await pollDepth(atLeast: before + UInt32(count), depth)
            if shape == "publish" { report() }
        case "confirm":
            try await confirmOneByOne(publisher, count: count)
            report()
        case "confirm-executor":
            try await confirmOneByOneOnExecutor(publisher, count: count)
            report()
        case "confirm-turns", "confirm-inflight-turns":
            try await ConfirmTurns(
                shape: shape == "confirm-turns" ? .oneByOne : .inFlight, publisher: publisher, admin: admin, channel: channel
            ).run(count: count)
        case "confirm-inflight-executor":
            try await confirmInFlightOnExecutor(publisher, count: count)
            report()
        case "confirm-inflight":
            try await confirmInFlight(publisher, count: count)
            report()
        case "confirm-batch":
            try await confirmBatches(publisher, count: count)
            report()
        case let consume where consume.hasPrefix("consume-"):
            let numbers = consume.dropFirst("consume-".count).split(separator: "-p", omittingEmptySubsequences: false)
            guard let concurrency = Int(numbers[0]), numbers.count <= 2, let prefetch = numbers.count == 2 ? Int(numbers[1]) : 100
            else { throw ProfileError.unknownShape(shape) }
            let shapeHutch = HutchConnection(settings: try Bench.settings(concurrency: concurrency, prefetch: prefetch), logger: logger)
            // Connected before the clock starts, as the C loop's consuming connection is.
            _ = try await shapeHutch.connection()
            started = .now
            cpuAtStart = CPUUsage.now()
            let handled = Countdown()
            let worker = Worker(connection: shapeHutch, consumers: [NullConsumer(handled: handled)], logger: logger)
            let running = Task { try await worker.run() }
            await handled.wait(for: count)
            report()
            worker.shutdown()
            try await running.value
            await shapeHutch.close()
        case "latency", "latency-executor":
            let latencies = try await publishToHandlerLatencies(
                hutch: hutch, publisher: publisher, logger: logger, count: count, rate: Bench.latencyRate,
                handlerExecutor: shape == "latency-executor" ? hutch.executor : nil)
            let percentiles = [50, 90, 99].map { percent in
                latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, latencies.count * percent / 100)] / 1000
            }
            print("latency µs p50 \(percentiles[0]) p90 \(percentiles[1]) p99 \(percentiles[2])")
            _ = try await admin.deleteQueue(Bench.latencyQueue, on: channel)
        case "idle":
            _ = try await hutch.connection()
            let before = anonymousBytes()
            let beforeRSS = residentBytes()
            let idleWorker = Worker(connection: hutch, dynamicConsumers: idleConsumers(count), logger: logger)
            let idleRun = Task { try await idleWorker.run() }
            try await idleWorker.waitForSubscription()
            try await Task.sleep(for: .seconds(2))
            print(
                "idle consumers: \(count), private memory per consumer: \((anonymousBytes() - before) / max(count, 1)) B, "
                    + "RSS per consumer: \((residentBytes() - beforeRSS) / max(count, 1)) B")
            idleWorker.shutdown()
            try await idleRun.value
        case "purge":
            _ = try await admin.purgeQueue(Bench.throughputQueue, on: channel)
        case "delete":
            _ = try await admin.deleteQueue(Bench.throughputQueue, on: channel)
            _ = try await admin.deleteExchange(Bench.exchange, on: channel)
        default:
            throw ProfileError.unknownShape(shape)
        }
        await hutch.close()
        await admin.close()
    }
}

/// The rate of a timed shape, for alternating A/B runs of two builds.
private func printRate(_ count: Int, since started: ContinuousClock.Instant) {
    let elapsed = started.duration(to: .now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("rate msg/s \(Int(Double(count) / seconds))")
}

/// A `--profile` shape the benchmark does not know.
enum ProfileError: Error, CustomStringConvertible {
    case unknownShape(String)

    var description: String {
        switch self {
        case .unknownShape(let shape):
            "unknown profile shape \(shape): expected fill, publish, confirm, confirm-executor, confirm-turns, confirm-inflight, confirm-inflight-turns, confirm-inflight-executor, confirm-batch, consume-C, consume-C-pP, latency, latency-executor, idle, purge or delete"
        }
    }
}
