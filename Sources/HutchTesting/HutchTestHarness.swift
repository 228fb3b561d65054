import Hutch
import HutchConventions
import Logging
import Synchronization

/// Runs your `HutchConsumer`s under the real `Worker` against an ``InMemoryBroker``, so
/// a test can publish as `Publisher` does, move the broker's clock, and see what the
/// worker did with each message: acked, requeued, nacked (Hutch's answer to a failure),
/// retried through hutch-schedule's delay queues, dead-queued. No broker, no sleeping.
///
/// ```swift
/// let harness = HutchTestHarness(consumers: [InvoiceConsumer()])
/// try await harness.start()
/// try await harness.publisher.publish("billing.invoice.created", Invoice(id: 1))
/// #expect(try await harness.settlements(of: InvoiceConsumer.self, count: 1) == [.acked])
/// try await harness.stop()
/// ```
///
/// The worker runs as in production (topology, prefetch, concurrency, `MaxRetryHandler`,
/// graceful shutdown); only its connections go to the in-memory broker.
public final class HutchTestHarness: Sendable {
    /// The broker the worker consumes from.
    public let broker: InMemoryBroker
    /// The worker's client connection (to ``broker``).
    public let connection: HutchConnection
    /// The worker running the consumers.
    public let worker: Worker
    private let running = Mutex<Task<Void, any Error>?>(nil)

    /// A harness for `consumers` with `settings` (Hutch's defaults with hutch-schedule
    /// loaded unless given; the address in them is not used).
    ///
    /// Where the settings' Ruby pairing declares hutch-schedule's delay queues without a
    /// dead-letter exchange (Hutch ≥ 1.1.1, `BrokenPairing`), delayed messages would never
    /// come back; with `repairDelayQueues` (the default) the broker gets the
    /// `PolicyRepair` an operator sets on a real broker for that pairing.
    public init(
        consumers: [any HutchConsumer], settings: HutchClientSettings = HutchClientSettings(),
        broker: InMemoryBroker = InMemoryBroker(), repairDelayQueues: Bool = true, logger: Logger = Logger(label: "hutch.testing")
    ) {
        if repairDelayQueues, BrokenPairing.detect(settings) != nil {
            // The pattern is an escaped literal prefix: it always compiles.
            try? broker.apply(PolicyRepair(config: settings.topology, profile: settings.profile, virtualHost: broker.virtualHost))
        }
        self.broker = broker
        connection = broker.hutchConnection(settings: settings, logger: logger)
        worker = Worker(connection: connection, consumers: consumers, logger: logger)
    }

    /// Publishes as the application does (`Hutch.publish`, `enqueue_in`), on the worker's connection.
    public var publisher: Publisher { worker.publisher }

    /// Starts the worker and returns once its consumers are subscribed.
    ///
    /// - Throws: what ended the worker before it subscribed (a 406 for a queue declared
    ///   with other arguments, say).
    public func start() async throws {
        let worker = worker
        let task = Task { try await worker.run() }
        running.withLock { $0 = task }
        try await worker.waitForSubscription()
    }

    /// Shuts the worker down gracefully and closes its connection; rethrows what ended it.
    public func stop() async throws {
        worker.shutdown()
        let ended = await running.withLock { $0 }?.result
        await connection.close()
        try ended?.get()
    }

    /// Moves the broker's clock on: retries waiting in delay queues come back, expiring
    /// messages expire (see ``InMemoryBroker/advanceClock(by:)``).
    public func advanceClock(by duration: Duration) { broker.advanceClock(by: duration) }

    /// The queue the worker consumes `consumer`'s messages from (`order_consumer` for
    /// `OrderConsumer`, as Ruby names it).
    public func queueName(of consumer: any HutchConsumer.Type) -> String? {
        let definitions = worker.consumerDefinitions
        guard let index = definitions.firstIndex(where: { $0.className == consumer.className }),
            let plan = try? TopologyDeclarer(settings: connection.settings).plan(consumers: definitions),
            index < plan.consumerQueues.count
        else { return nil }
        return plan.consumerQueues[index]
    }

    /// The name of hutch-schedule's delay queue for `level` (`hutch_delay_queue_5s`).
    public func delayQueueName(_ level: DelayLevel) -> String {
        level.delayQueueName(config: connection.settings.topology, profile: connection.settings.profile)
    }

    /// The delay levels messages were scheduled through so far, in order: each publish to
    /// hutch-schedule's schedule exchange (`hutch.schedule`, routing key `hutch.schedule.5s`),
    /// as `MaxRetryHandler`'s retries and `enqueue_in` make them.
    public var scheduledDelays: [DelayLevel] {
        let exchange = connection.settings.topology.mqExchange
        return broker.published(to: DelayLevel.scheduleExchange(for: exchange)).compactMap { message in
            DelayLevel.all.first { $0.routingKey(exchange: exchange) == message.routingKey }
        }
    }

    /// The dead queue (`hutch_dead_queue`) messages go to after their last attempt when
    /// `HutchClientSettings/deadQueue` is on.
    public var deadQueueName: String { DeadQueue(exchange: connection.settings.topology.mqExchange).queueName }

    /// How the worker settled the deliveries of `consumer`'s queue so far, in order.
    public func settlements(of consumer: any HutchConsumer.Type) -> [InMemorySettlement] {
        guard let queue = queueName(of: consumer) else { return [] }
        return broker.settlements(in: queue).map(\.settlement)
    }

    /// Waits until the worker has settled `count` deliveries of `consumer`'s queue (its
    /// handlers run on their own tasks) and returns how, in order.
    ///
    /// - Throws: ``InMemoryBrokerTimeout`` when fewer were settled within `timeout`.
    public func settlements(
        of consumer: any HutchConsumer.Type, count: Int, timeout: Duration = .seconds(10)
    ) async throws(InMemoryBrokerTimeout) -> [InMemorySettlement] {
        let queue = queueName(of: consumer) ?? consumer.className
        try await broker.waitUntil("\(count) settled deliveries of \(queue)", timeout: timeout) {
            $0.settlements(in: queue).count >= count
        }
        return settlements(of: consumer)
    }
}
