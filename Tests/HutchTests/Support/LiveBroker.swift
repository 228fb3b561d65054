import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Logging
import Testing

/// The broker the live tests use: `HUTCH_TEST_BROKER_URL` (scripts/test.sh exports it
/// after starting a private RabbitMQ on 127.0.0.1:5682).
enum LiveBroker {
    static let url = TestBroker.url

    /// The condition of every live test: the runner reports the test as skipped, with
    /// this reason, when the broker does not answer.
    static let reachable: ConditionTrait = .enabled("needs a reachable RabbitMQ at HUTCH_TEST_BROKER_URL; scripts/test.sh starts one") {
        await available()
    }

    /// Whether the broker answers; prints why not, so a skip is never silent.
    static func available(_ test: String = #function) async -> Bool { await TestBroker.isReachable(for: test) }

    /// Options for the test broker (optionally in another vhost).
    static func options(virtualHost: String? = nil) throws -> ConnectionOptions {
        var options = try ConnectionOptions(url: try #require(url))
        if let virtualHost { options.virtualHost = virtualHost }
        return options
    }

    /// Settings for the test broker: a unique exchange, the given Ruby pairing.
    static func settings(
        profile: VersionProfile, exchange: String = uniqueName("x"), virtualHost: String? = nil
    ) throws -> HutchClientSettings {
        var settings = HutchClientSettings(connection: try options(virtualHost: virtualHost), profile: profile)
        settings.topology.mqExchange = exchange
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(1), maxAttempts: 50)
        settings.gracefulExitTimeout = .seconds(5)
        return settings
    }

    /// A name no other test (or engineer) uses.
    static func uniqueName(_ prefix: String) -> String { TestBroker.uniqueName(area: "client", prefix) }

    /// A logger that prints warnings and worse, so failures in live tests are visible.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }

    /// Runs `scripts/broker.sh ctl ARGS` (rabbitmqctl against the private broker).
    @discardableResult
    static func ctl(_ arguments: [String]) async throws -> String { try await TestBroker.ctl(arguments) }

    /// Deletes the exchange, its schedule exchange, its 21 delay queues, its dead queue
    /// and `queues`.
    static func cleanUp(settings: HutchClientSettings, queues: [String]) async {
        guard let connection = try? await AMQPConnection.connect(settings.connection) else { return }
        guard let channel = try? await connection.openChannel() else { return }
        let exchange = settings.topology.mqExchange
        var all = queues + [DeadQueue(exchange: exchange).queueName]
        all += DelayLevel.all.map { $0.delayQueueName(config: settings.topology, profile: settings.profile) }
        for queue in all { _ = try? await connection.deleteQueue(queue, on: channel) }
        try? await connection.deleteExchange(exchange, on: channel)
        try? await connection.deleteExchange(DelayLevel.scheduleExchange(for: exchange), on: channel)
        await connection.close()
    }

    /// How many messages are ready in `queue` (a passive `queue.declare`).
    static func messageCount(_ queue: String, settings: HutchClientSettings) async throws -> UInt32 {
        let connection = try await AMQPConnection.connect(settings.connection)
        defer { Task { await connection.close() } }
        let channel = try await connection.openChannel()
        let ok = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: channel)
        return try #require(ok).messageCount
    }
}

/// Collects what handlers saw, for assertions.
actor Collector<Item: Sendable> {
    private(set) var items: [Item] = []
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func append(_ item: Item) {
        items.append(item)
        let ready = waiters.filter { $0.count <= items.count }
        waiters.removeAll { $0.count <= items.count }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Waits until `count` items arrived or `timeout` passed; returns the items.
    func wait(for count: Int, timeout: Duration) async -> [Item] {
        if items.count >= count { return items }
        let deadline = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire()
        }
        await withCheckedContinuation { waiters.append((count, $0)) }
        deadline.cancel()
        return items
    }

    private func expire() {
        let all = waiters
        waiters = []
        for waiter in all { waiter.continuation.resume() }
    }
}

/// Runs `worker` in a task; returns the task.
func start(_ worker: Worker) -> Task<Void, any Error> {
    Task { try await worker.run() }
}
