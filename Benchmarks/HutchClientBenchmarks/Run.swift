import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Logging

/// The whole client benchmark (see main.swift): every shape in turn, printed with
/// ``record(_:_:_:_:)``. Not on the main actor: the loops run in a task on the
/// cooperative pool, where a service's code runs (a loop on the main actor would pay two
/// more thread hand-offs per awaited confirm, to the main thread and back).
@concurrent func runBenchmarks() async throws {
    var logger = Logger(label: "hutch.bench")
    logger.logLevel = .warning
    let settings = try Bench.settings()
    print("HutchClientBenchmarks — run \(Bench.runID), broker \(settings.sanitizedURI), \(ProcessInfo.processInfo.processorCount) cores")
    print(
        "loads: \(Bench.messages) publishes, \(Bench.confirmMessages) confirmed publishes, \(Bench.consumeMessages) consumed, "
            + "\(Bench.latencyMessages) latency messages at \(Bench.latencyRate)/s, \(Bench.idleConsumers) idle consumers, "
            + "\(Bench.backlogMessages) backlog messages")

    let admin = try await AMQPConnection.connect(settings.connection)
    let adminChannel = try await admin.openChannel()
    let hutch = HutchConnection(settings: settings, logger: logger)

    func queueDepth(_ queue: String) async throws -> UInt32 {
        try await admin.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: adminChannel)?.messageCount ?? 0
    }

    func waitForDepth(_ queue: String, atLeast depth: UInt32) async throws {
        try await pollDepth(atLeast: depth) { try await queueDepth(queue) }
    }

    func seconds(since start: UInt64) -> Double { Double(monotonicNanoseconds() - start) / 1e9 }

    /// Runs `loop` over `Bench.confirmMessages` confirmed publishes of `publisher` and
    /// records its rate under `key`.
    func recordConfirmRate(
        _ key: String, _ name: String, _ publisher: Publisher, _ loop: (Publisher, Int) async throws -> Void
    ) async throws {
        let start = monotonicNanoseconds()
        try await loop(publisher, Bench.confirmMessages)
        await record(key, name, "msg/s", Double(Bench.confirmMessages) / seconds(since: start))
    }

    func runWorker(_ worker: Worker) -> Task<Void, any Error> {
        Task { try await worker.run() }
    }

    /// How much the resident set grows while a Worker with Hutch's default prefetch 0 holds
    /// a backlog of `Bench.backlogMessages`: bounded by `boundedPrefetch`, or unlimited as
    /// Ruby (`nil`). Waits until the broker has sent all it will, then measures.
    func backlogGrowth(boundedPrefetch: Int?) async throws -> Int {
        let backlogSettings = try Bench.backlogSettings(boundedPrefetch: boundedPrefetch)
        let backlogHutch = HutchConnection(settings: backlogSettings, logger: logger)
        try await TopologyDeclarer(settings: backlogSettings).declare(
            consumers: [HoldingConsumer.definition], on: admin, channel: adminChannel)
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

        // 1. Memory per idle consumer: private (anonymous) memory and RSS before and after one
        // Worker subscribed N consumers. The RSS also counts the pages of code the Worker runs
        // for the first time (some 1.5 MB of the libraries, shared, once per process).
        let before = anonymousBytes()
        let beforeRSS = residentBytes()
        let idleWorker = Worker(connection: hutch, dynamicConsumers: idleConsumers(Bench.idleConsumers), logger: logger)
        let idleRun = runWorker(idleWorker)
        try await idleWorker.waitForSubscription()
        try await Task.sleep(for: .milliseconds(300))
        let after = anonymousBytes()
        let afterRSS = residentBytes()
        idleWorker.shutdown()
        try await idleRun.value
        await record("idle_consumer_bytes", "memory per idle consumer", "bytes", Double(after - before) / Double(Bench.idleConsumers))
        await record(
            "idle_consumer_rss_bytes", "RSS per idle consumer", "bytes", Double(afterRSS - beforeRSS) / Double(Bench.idleConsumers))

        // 1b. Memory with a backlog at Hutch's default prefetch 0: bounded (the worker's
        // default boundedPrefetch) first, then unlimited as Ruby, whose growth stays in RSS.
        let boundedPrefetch = HutchClientSettings().boundedPrefetch
        await record(
            "backlog_bounded_bytes", "RSS growth, backlog, prefetch 0 -> \(boundedPrefetch ?? 0)", "bytes",
            Double(try await backlogGrowth(boundedPrefetch: boundedPrefetch)))
        await record(
            "backlog_unbounded_bytes", "RSS growth, backlog, prefetch 0 (Ruby)", "bytes",
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
        await record("publish", "publish (no confirms)", "msg/s", Double(Bench.messages) / seconds(since: start))

        // 3. Publish with confirms, each awaited before the next.
        try await recordConfirmRate("publish_confirm", "publish (confirms, one by one)", publisher, confirmOneByOne)

        // 3b. The same loop in a task that prefers the connection's executor: it runs on the
        // I/O thread, so a confirmed publish costs no thread hand-off.
        try await recordConfirmRate(
            "publish_confirm_executor", "publish (confirms, one by one, executor)", publisher, confirmOneByOneOnExecutor)

        // 4. Consume with ack: a Worker running a consumer that does nothing.
        try await waitForDepth(Bench.throughputQueue, atLeast: UInt32(1 + Bench.messages + 2 * Bench.confirmMessages))
        let handled = Countdown()
        let worker = Worker(connection: hutch, consumers: [NullConsumer(handled: handled)], publisher: publisher, logger: logger)
        start = monotonicNanoseconds()
        let consumeRun = runWorker(worker)
        await handled.wait(for: Bench.consumeMessages)
        await record("consume", "consume with ack (Worker)", "msg/s", Double(Bench.consumeMessages) / seconds(since: start))
        worker.shutdown()
        try await consumeRun.value

        // 4b. Consume with ack at prefetch 100 and 1, 20 or 100 handlers at once, the queue
        // filled with the consume load first (untimed).
        for concurrency in [1, 20, 100] {
            _ = try await admin.purgeQueue(Bench.throughputQueue, on: adminChannel)
            for _ in 0..<Bench.consumeMessages {
                try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties)
            }
            try await waitForDepth(Bench.throughputQueue, atLeast: UInt32(Bench.consumeMessages))
            let shapeHutch = HutchConnection(settings: try Bench.settings(concurrency: concurrency, prefetch: 100), logger: logger)
            let shapeHandled = Countdown()
            let shapeWorker = Worker(connection: shapeHutch, consumers: [NullConsumer(handled: shapeHandled)], logger: logger)
            start = monotonicNanoseconds()
            let shapeRun = runWorker(shapeWorker)
            await shapeHandled.wait(for: Bench.consumeMessages)
            await record(
                "consume_p100_c\(concurrency)", "consume, prefetch 100, \(concurrency) at once", "msg/s",
                Double(Bench.consumeMessages) / seconds(since: start))
            shapeWorker.shutdown()
            try await shapeRun.value
            await shapeHutch.close()
        }
        _ = try await admin.purgeQueue(Bench.throughputQueue, on: adminChannel)

        // 4c. Publish with confirms, 100 in flight: 100 concurrent confirmed publishes, then
        // waiting for all of them, again and again.
        try await recordConfirmRate("publish_confirm_inflight", "publish (confirms, 100 in flight)", publisher, confirmInFlight)
        _ = try await admin.purgeQueue(Bench.throughputQueue, on: adminChannel)

        // 4d. The same with the tasks preferring the connection's executor.
        try await recordConfirmRate(
            "publish_confirm_inflight_executor", "publish (confirms, 100 in flight, executor)", publisher, confirmInFlightOnExecutor)
        _ = try await admin.purgeQueue(Bench.throughputQueue, on: adminChannel)

        // 4e. Confirms 100 in flight without a task group: 100 messages built, handed to
        // `Publisher.sendAll` together, their confirms awaited as one, again and again.
        try await recordConfirmRate("publish_confirm_batch", "publish (confirms, 100 in flight, sendAll)", publisher, confirmBatches)
        _ = try await admin.purgeQueue(Bench.throughputQueue, on: adminChannel)

        // 5. End-to-end latency, publish -> handler, at a fixed rate.
        let latencies = try await publishToHandlerLatencies(
            hutch: hutch, publisher: publisher, logger: logger, count: Bench.latencyMessages, rate: Bench.latencyRate)
        func percentile(_ p: Int) -> Double { Double(latencies[min(latencies.count - 1, latencies.count * p / 100)]) / 1e3 }
        await record("latency_p50_us", "latency p50", "µs", percentile(50))
        await record("latency_p90_us", "latency p90", "µs", percentile(90))
        await record("latency_p99_us", "latency p99", "µs", percentile(99))
        await record("latency_max_us", "latency max", "µs", Double(latencies.last ?? 0) / 1e3)

        // 5b. The same with the handlers on the connection's executor (its I/O thread).
        let onExecutor = try await publishToHandlerLatencies(
            hutch: hutch, publisher: publisher, logger: logger, count: Bench.latencyMessages, rate: Bench.latencyRate,
            handlerExecutor: hutch.executor)
        func executorPercentile(_ p: Int) -> Double { Double(onExecutor[min(onExecutor.count - 1, onExecutor.count * p / 100)]) / 1e3 }
        await record("latency_executor_p50_us", "latency p50, handlers on the executor", "µs", executorPercentile(50))
        await record("latency_executor_p90_us", "latency p90, handlers on the executor", "µs", executorPercentile(90))
    } catch {
        await cleanUp()
        await hutch.close()
        await admin.close()
        throw error
    }
    await cleanUp()
    await hutch.close()
    await admin.close()
}

/// Publish → handler latencies in nanoseconds, sorted: `count` messages published at
/// `rate` per second to a `Worker` on `hutch` (a `LatencyConsumer`), publisher and consumer
/// in one process.
func publishToHandlerLatencies(
    hutch: HutchConnection, publisher: Publisher, logger: Logger, count: Int, rate: Int, handlerExecutor: (any TaskExecutor)? = nil
) async throws -> [UInt64] {
    let recorder = LatencyRecorder()
    let latencyWorker = Worker(
        connection: hutch, consumers: [LatencyConsumer(recorder: recorder)], publisher: publisher, handlerExecutor: handlerExecutor,
        logger: logger)
    let latencyRun = Task { try await latencyWorker.run() }
    try await latencyWorker.waitForSubscription()
    let clock = ContinuousClock()
    let begin = clock.now
    let interval = Duration.nanoseconds(1_000_000_000 / max(rate, 1))
    for index in 0..<count {
        let due = begin + interval * index
        if clock.now < due { try await Task.sleep(until: due, tolerance: .zero, clock: clock) }
        try await publisher.publish(
            Bench.latencyRoutingKey, json: Bench.latencyBody(sentNanoseconds: monotonicNanoseconds()), properties: Bench.properties)
    }
    await recorder.countdown.wait(for: count)
    latencyWorker.shutdown()
    try await latencyRun.value
    return recorder.sorted
}

/// `count` confirmed publishes awaited one by one.
func confirmOneByOne(_ publisher: Publisher, count: Int) async throws {
    for _ in 0..<count {
        try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties, confirm: true)
    }
}

/// ``confirmOneByOne(_:count:)`` in a task preferring the publisher's executor.
/// Nonisolated: a loop isolated to the main actor would run on the main thread, not on the
/// I/O thread.
func confirmOneByOneOnExecutor(_ publisher: Publisher, count: Int) async throws {
    try await withTaskExecutorPreference(publisher.executor) {
        try await confirmOneByOne(publisher, count: count)
    }
}

/// `count` confirmed publishes, 100 concurrent tasks at a time then waited for, again and again.
func confirmInFlight(_ publisher: Publisher, count: Int) async throws {
    var sent = 0
    while sent < count {
        let batch = min(100, count - sent)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<batch {
                group.addTask {
                    try await publisher.publish(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties, confirm: true)
                }
            }
            try await group.waitForAll()
        }
        sent += batch
    }
}

/// `count` confirmed publishes, 100 messages at a time built (the Hutch conventions applied
/// to each) and sent with `Publisher.sendAll`, every one checked confirmed.
func confirmBatches(_ publisher: Publisher, count: Int) async throws {
    let configuration = publisher.connection.settings.publisherConfiguration
    var sent = 0
    while sent < count {
        let messages = try (0..<min(100, count - sent)).map { _ in
            try Publisher.message(Bench.routingKey, json: Bench.typicalBody, properties: Bench.properties, configuration: configuration)
        }
        for result in await publisher.sendAll(messages, confirm: true) { try result.get() }
        sent += messages.count
    }
}

/// ``confirmInFlight(_:count:)`` with the tasks preferring the publisher's executor (child
/// tasks inherit it).
func confirmInFlightOnExecutor(_ publisher: Publisher, count: Int) async throws {
    try await withTaskExecutorPreference(publisher.executor) {
        try await confirmInFlight(publisher, count: count)
    }
}
