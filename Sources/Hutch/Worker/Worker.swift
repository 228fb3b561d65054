import HutchAMQP
import HutchConventions
import Logging
import ServiceLifecycle

/// Runs ``HutchConsumer``s next to Ruby Hutch workers: a swift-service-lifecycle
/// `Service`.
///
/// ```swift
/// let hutch = HutchConnection(settings: settings, logger: logger)
/// let worker = Worker(connection: hutch, consumers: [InvoiceConsumer()], logger: logger)
/// let group = ServiceGroup(services: [hutch, worker], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
///
/// What it does, mirroring Hutch's worker:
/// 1. Declares the topology the Ruby pairing (``HutchClientSettings/profile``) declares
///    (``TopologyDeclarer``), on one channel with `basic.qos` of `channel_prefetch` per
///    consumer; only the consumers of the configured group run (``ConsumerGroups``).
/// 2. Subscribes each consumer with manual acknowledgement.
/// 3. Runs handlers concurrently, at most ``HutchClientSettings/concurrency`` at once and
///    at most ``HutchConsumer/maxConcurrency`` per consumer.
/// 4. Acks on success. On failure: the failure handlers run (by default
///    ``MaxRetryHandler``: retry through the delay queues, then drop or dead-queue), then
///    the acknowledgement chain decides, else `basic.nack` (requeue false) as Hutch does.
///    A handler's ``ReceivedMessage/requeue()`` / ``ReceivedMessage/reject()`` settles the
///    message instead.
/// 5. A delivery that cannot be decoded is nacked (or dead-queued) and logged with its
///    message id and routing key; it never stops the worker and never stays
///    unacknowledged (unlike hutch-schedule's worker, which leaves it unacknowledged).
///
/// A failure handler that throws (the retry or dead-queue republish failed) never loses
/// the message: unless the acknowledgement chain decides, the worker keeps it for
/// ``HutchClientSettings/requeueBackoff`` (growing with the consumer's failures in a
/// row) and requeues it, logging why at error level.
///
/// Lifecycle: on graceful shutdown (or ``shutdown()``) it cancels its consumers, lets
/// running handlers finish within ``HutchClientSettings/gracefulExitTimeout``, then
/// cancels them and stops waiting for them (a handler that ignores cancellation is
/// logged by consumer and message id and left behind), and closes its channel:
/// acknowledged messages are done, unacknowledged ones go back to their queues. A
/// shutdown also ends a connect or reconnect backoff under way (a broker that cannot be
/// reached never holds up the exit). When the connection is lost it reconnects with
/// backoff, redeclares and resubscribes. Cancelling ``run()`` stops at once.
///
/// Prefetch: a `channel_prefetch` of 0 (Hutch's default) or `nil` is unlimited in Hutch;
/// the worker uses ``HutchClientSettings/boundedPrefetch`` (100) instead, so a backlog
/// never lands in memory whole.
///
/// Startup warnings: the broken pairing (``BrokenPairing``, with the policy command that
/// repairs it: once subscribed, an error when the management API shows the policy
/// missing, a warning when it cannot be checked, an info line when it is in effect or
/// acknowledged, see ``PairingSettings``), consumers whose queue the pairing declares
/// non-durable or without its arguments (``DroppedQueueOptions``), every existing queue
/// the profile would declare differently (compared before the first declaration; the
/// first ends ``run()`` as a ``QueueDeclarationMismatch``), consumers asking for a
/// quorum queue the pairing does not give them
/// (``QuorumQueueConflict``), the replaced unlimited prefetch, and RabbitMQ ≥ 3.13 with
/// ``RetryCounting/xDeath`` (see ``RetryCounting``). A failure that ends ``run()`` is
/// logged at error level before it is thrown.
public final class Worker: Service, Sendable {
    /// The client connection.
    public let connection: HutchConnection
    /// The publisher retries and dead messages go through.
    public let publisher: Publisher
    private let consumers: [ConsumerRegistration]
    let failureHandlersList: [any FailureHandler]
    let acknowledgementHandlersList: [any AcknowledgementHandler]
    let loggerForHandling: Logger
    private var logger: Logger { loggerForHandling }
    let signals = WorkerSignals()
    private let globalLimit: ConcurrencyLimiter
    let failureStreaks = FailureStreaks()
    let observability: WorkerObservability
    /// Where the consumers' tasks (waiting for deliveries, running handlers) prefer to run;
    /// `nil`: Swift's global concurrent executor.
    let handlerExecutor: (any TaskExecutor)?

    /// A worker for `consumers`.
    ///
    /// - Parameters:
    ///   - connection: the client connection the worker consumes on (and publishes on).
    ///   - consumers: the consumers to subscribe, one queue each.
    ///   - dynamicConsumers: consumers made at run time (``DynamicConsumer``), subscribed
    ///     after `consumers` as they are.
    ///   - publisher: for retries, dead messages and the handlers' follow-up messages
    ///     (``HandlerContext/publisher``); a new one on `connection` by default.
    ///   - failureHandlers: Hutch's `error_handlers`; by default a ``MaxRetryHandler``
    ///     for the settings. Every failure is logged in any case (Hutch's Logger handler).
    ///   - acknowledgementHandlers: Hutch's `error_acknowledgements` chain (empty by default).
    ///   - handlerExecutor: where the consumers' tasks prefer to run: `nil` (the default)
    ///     for Swift's cooperative pool; `connection.executor` to run the handlers on the
    ///     connection's I/O thread, between its reads and writes, so that a delivery is
    ///     handled and acknowledged without a thread hand-off — for short handlers that never
    ///     block (no semaphores, `sleep`, synchronous I/O; awaiting is fine), as on
    ///     ``Publisher/executor``: the connection reads and writes nothing while one runs.
    ///   - logger: where the worker logs its start, failures and stop.
    public init(
        connection: HutchConnection, consumers: [any HutchConsumer] = [], dynamicConsumers: [DynamicConsumer] = [],
        publisher: Publisher? = nil,
        failureHandlers: [any FailureHandler]? = nil, acknowledgementHandlers: [any AcknowledgementHandler] = [],
        handlerExecutor: (any TaskExecutor)? = nil, logger: Logger = Logger(label: "hutch.worker")
    ) {
        let settings = connection.settings
        self.connection = connection
        self.publisher = publisher ?? Publisher(connection: connection, logger: logger)
        let all = consumers.map { ConsumerRegistration($0) } + dynamicConsumers.map { ConsumerRegistration($0) }
        let selected = ConsumerGroups.selected(all.map(\.definition.className), group: settings.group, groups: settings.consumerGroups)
        self.consumers = all.filter { selected.contains($0.definition.className) }
        self.failureHandlersList = failureHandlers ?? [MaxRetryHandler(settings: settings, logger: logger)]
        self.acknowledgementHandlersList = acknowledgementHandlers
        self.loggerForHandling = logger
        self.globalLimit = ConcurrencyLimiter(limit: settings.concurrency)
        self.observability = WorkerObservability(settings.observability)
        self.handlerExecutor = handlerExecutor
    }

    private var settings: HutchClientSettings { connection.settings }

    /// The consumers that run (after group selection), as the core sees them.
    public var consumerDefinitions: [ConsumerDefinition] { consumers.map(\.definition) }

    /// The broken Ruby pairing of the settings, if any (logged at startup).
    public var brokenPairing: BrokenPairing? { BrokenPairing.detect(settings) }

    /// The consumers whose quorum queue the pairing drops or RabbitMQ refuses
    /// (``QuorumQueueConflict``; logged at startup, a refused one also ends ``run()``).
    public var quorumQueueConflicts: [QuorumQueueConflict] {
        consumerDefinitions.compactMap { QuorumQueueConflict.check($0, settings: settings) }
    }

    /// Starts a graceful shutdown, as swift-service-lifecycle's graceful shutdown does.
    public func shutdown() { signals.stop() }

    /// Returns once the worker has subscribed `number` times (1: started; 2: resubscribed
    /// after the first recovery). May be called before ``run()`` starts.
    ///
    /// - Throws: the error that ended ``run()`` when it failed first (a 406 from a queue
    ///   declared differently, wrong credentials, …); ``WorkerStoppedBeforeSubscribing``
    ///   when it stopped (a graceful shutdown) first; `CancellationError` when the waiting
    ///   task is cancelled.
    public func waitForSubscription(number: Int = 1) async throws { try await signals.waitForSubscription(number: number) }

    /// How many times the worker has subscribed its consumers.
    public var subscriptions: Int { signals.subscriptions }

    /// Runs until a graceful shutdown (or ``shutdown()``) completes, or the task is cancelled.
    ///
    /// - Throws: a failure that reconnecting cannot fix (authentication, a 406 from a
    ///   topology declared differently by another Ruby version, …).
    public func run() async throws {
        let pairing = PairingNotices(settings: settings, logger: logger)
        await pairing.beforeStart(consumers: consumerDefinitions)
        if brokenPairing != nil {
            Task { if (try? await self.waitForSubscription()) != nil { await pairing.reportRepair(context: "worker") } }
        }
        for conflict in quorumQueueConflicts { logger.error("\(conflict)") }
        if let warning = settings.unlimitedPrefetchWarning { logger.warning("\(warning)") }
        logger.info(
            "starting worker",
            metadata: [
                "settings": "\(settings)", "consumers": "\(consumers.map(\.definition.className))"
            ])
        do {
            try await withGracefulShutdownHandler {
                try await self.runUntilStopped()
            } onGracefulShutdown: {
                self.shutdown()
            }
        } catch is CancellationError {
            logger.info("worker cancelled")
            signals.ended(error: CancellationError())
            throw CancellationError()
        } catch {
            logger.error("worker stopped by a failure reconnecting cannot fix", metadata: ["error": "\(error)"])
            signals.ended(error: error)
            throw error
        }
        signals.ended(error: nil)
        logger.info("worker stopped")
    }

    private func runUntilStopped() async throws {
        var failures = 0
        while !signals.isStopping {
            try Task.checkCancellation()
            let amqp: any AMQPTransport
            do {
                // A shutdown ends the wait for a broker that cannot be reached.
                guard let connected = try await signals.unlessStopped({ try await self.connection.transport() }) else { return }
                amqp = connected
            } catch {
                if signals.isStopping { return }
                throw error
            }
            warnAboutRetryCounting(amqp)
            do {
                try await runSubscription(on: amqp)
                failures = 0
            } catch let error as AMQPError
                where error.endsConnection || error.code == .consumerCancelledByBroker
                || error.code == .connectionBlocked || error.code == .channelClosedByBroker || error.code == .channelClosed
                || error.code == .notFound
            {
                if signals.isStopping { return }
                await connection.connectionFailed(amqp, error: error)
                let delay = settings.reconnect.delay(attempt: failures)
                failures += 1
                logger.warning("subscription ended, setting up again", metadata: ["error": "\(error)", "delay": "\(delay)"])
                _ = try await signals.unlessStopped { try await Task.sleep(for: delay) }
            }
        }
    }

    private func warnAboutRetryCounting(_ amqp: any AMQPTransport) {
        guard settings.retryCounting == .xDeath, let version = amqp.serverProperties.version,
            version >= ServerVersion(major: 3, minor: 13)
        else { return }
        logger.warning(
            """
            RabbitMQ \(version) ignores x-death headers published by clients: hutch-schedule's retry count stops rising \
            and consumers with attempts >= 2 retry forever. Use retryCounting = .counterHeader(RetryCountHeader()).
            """)
    }

    /// One subscription on one connection: declare, consume, dispatch until stopped or failed.
    private func runSubscription(on amqp: any AMQPTransport) async throws {
        let definitions = consumers.map(\.definition)
        // Ruby's refusals (hutch-schedule's worker with a prefetch below 1) follow the
        // configured prefetch; the channel gets the bounded one.
        _ = try TopologyDeclarer(settings: settings).plan(consumers: definitions)
        // Before the first declaration: existing queues that another pairing declared, all named.
        if subscriptions == 0 { try await TopologyPrecheck(settings: settings).check(consumers: definitions, on: amqp, logger: logger) }
        let channel = try await amqp.openChannel()
        let consumes: [BasicConsume]
        var subscriptions: [(ConsumerRegistration, BasicConsume, AMQPDeliveries, RunningHandlers)] = []
        do {
            consumes = try await TopologyDeclarer(settings: settings.forWorkerChannel).declare(
                consumers: definitions, on: amqp, channel: channel)
            for (registration, consume) in zip(consumers, consumes) {
                subscriptions.append((registration, consume, try await amqp.consume(consume, on: channel), RunningHandlers()))
            }
        } catch {
            // The consumers started so far may already hold deliveries.
            await closeSubscriptionChannel(channel, on: amqp, after: error)
            throw error
        }
        let handlerSets = subscriptions.map { ($0.0.definition, $0.3) }
        signals.subscribed()
        logger.info("consuming", metadata: ["queues": "\(consumes.map(\.queue))", "channel": "\(channel)"])

        enum Ended { case consumer, watcher, deadline }
        let lanes = HandlerLanes(concurrency: settings.concurrency, maxConcurrency: subscriptions.map(\.0.maxConcurrency))
        let sharedLimit = lanes.needGlobalLimit ? globalLimit : nil
        do {
            try await withThrowingTaskGroup(of: Ended.self) { group in
                for ((registration, _, deliveries, handlers), laneCount) in zip(subscriptions, lanes.perConsumer) {
                    let lanes = ConcurrencyLimiter(limit: laneCount)
                    let dispatch: @Sendable () async throws -> Ended = {
                        try await self.dispatch(
                            deliveries, registration: registration, lanes: lanes, globalLimit: sharedLimit, handlers: handlers, amqp: amqp)
                        return .consumer
                    }
                    // Not `executorPreference: nil`: see `RunningHandlers.start`.
                    if let handlerExecutor {
                        group.addTask(executorPreference: handlerExecutor, operation: dispatch)
                    } else {
                        group.addTask(operation: dispatch)
                    }
                }
                group.addTask {
                    await self.signals.waitForStop()
                    if Task.isCancelled { return .watcher }
                    for consume in consumes { try? await amqp.cancel(consumerTag: consume.consumerTag, on: channel) }
                    do { try await Task.sleep(for: self.settings.gracefulExitTimeout) } catch { return .watcher }
                    return .deadline
                }
                var running = subscriptions.count
                while running > 0, let ended = try await group.next() {
                    switch ended {
                    case .consumer: running -= 1
                    case .watcher: break
                    case .deadline:
                        // Their messages go back to the queues now, even if a handler ignores cancellation.
                        self.abandon(handlerSets, because: "still running after the graceful exit timeout", level: .error)
                        await closeSubscriptionChannel(channel, on: amqp)
                        group.cancelAll()
                    }
                }
                group.cancelAll()
            }
        } catch {
            abandon(handlerSets, because: "the subscription ended: \(error)", level: .warning)
            await closeSubscriptionChannel(channel, on: amqp, after: error)
            throw error
        }
        // None is left after a graceful stop; after a cancellation they are cancelled.
        abandon(handlerSets, because: "the worker was cancelled", level: .warning)
        // Unacknowledged deliveries go back to their queues.
        await closeSubscriptionChannel(channel, on: amqp)
        if !signals.isStopping {
            // Cancelled: the run ends (not a consumer the broker cancelled, to subscribe again).
            try Task.checkCancellation()
            throw AMQPError(code: .consumerCancelledByBroker, operation: .receive, channel: channel, detail: "a consumer ended")
        }
    }

    /// Reads one consumer's deliveries into handler lanes, within the limits: a lane (a
    /// task of ``RunningHandlers``) handles one delivery after another while more are
    /// buffered and ends when none is, so a busy consumer pays no task, limiter or wake-up
    /// per delivery; this task starts a lane for the next delivery whenever fewer than
    /// `lanes` run. Once the deliveries end, waits for the running lanes (cancelling the
    /// wait stops waiting for them: see ``RunningHandlers``).
    private func dispatch(
        _ deliveries: AMQPDeliveries, registration: ConsumerRegistration, lanes: ConcurrencyLimiter,
        globalLimit: ConcurrencyLimiter?, handlers: RunningHandlers, amqp: any AMQPTransport
    ) async throws {
        while await lanes.acquireUnlessCancelled() {
            guard try await deliveries.waitForDelivery() else {
                await lanes.release()
                break
            }
            // A lane finishing its handler takes the delivery without a new task: give the
            // running ones that chance first.
            if handlers.hasRunning { await Task.yield() }
            let started = startLane(
                deliveries, registration: registration, lanes: lanes, globalLimit: globalLimit, handlers: handlers, amqp: amqp)
            if !started { await lanes.release() }
        }
        await handlers.waitUntilIdle()
    }

    /// Starts a lane (holding a slot of `lanes`) for the next buffered delivery; `false`
    /// when there was none (a lane took it) or the worker stops: a delivery still
    /// buffered after a stop stays unacknowledged and goes back to its queue. Not async, so
    /// the waiting dispatch task's frame holds no delivery (nor, not inlined, its temporaries).
    @inline(never)
    private func startLane(
        _ deliveries: AMQPDeliveries, registration: ConsumerRegistration, lanes: ConcurrencyLimiter,
        globalLimit: ConcurrencyLimiter?, handlers: RunningHandlers, amqp: any AMQPTransport
    ) -> Bool {
        guard let first = deliveries.nextIfBuffered(), !signals.isStopping else { return false }
        handlers.start(first, executorPreference: handlerExecutor) { lane in
            await self.runLane(
                first, lane: lane, deliveries: deliveries, registration: registration,
                globalLimit: globalLimit, handlers: handlers, amqp: amqp)
            await lanes.release()
        }
        return true
    }

    /// One lane: handles `first`, then each delivery already buffered, until none is, the
    /// worker stops or the lane is abandoned (cancelled). With `globalLimit` (consumers
    /// share the global limit), each delivery holds it while its handler runs. Every
    /// ``lanePause`` deliveries the lane lets other tasks run (`Task.yield()`): handlers
    /// that never suspend would otherwise keep a thread of the cooperative pool for as
    /// long as the backlog lasts.
    private func runLane(
        _ first: IncomingDelivery, lane: Int, deliveries: AMQPDeliveries, registration: ConsumerRegistration,
        globalLimit: ConcurrencyLimiter?, handlers: RunningHandlers, amqp: any AMQPTransport
    ) async {
        var next: IncomingDelivery? = first
        var handled = 0
        while let delivery = next {
            if let globalLimit {
                guard await globalLimit.acquireUnlessCancelled() else { return }
            }
            await handle(delivery, registration: registration, amqp: amqp, handlers: handlers)
            await globalLimit?.release()
            handled += 1
            if handled % Self.lanePause == 0 { await Task.yield() }
            guard !signals.isStopping, !Task.isCancelled else { return }
            next = deliveries.nextIfBuffered()
            if let next { handlers.handling(next, lane: lane) }
        }
    }

    /// How many deliveries a lane handles in a row before it lets other tasks run.
    static let lanePause = 16

    /// Stops waiting for the handlers still running (see ``RunningHandlers``) and logs
    /// each by consumer and message id: their deliveries go back to the queues.
    private func abandon(_ running: [(ConsumerDefinition, RunningHandlers)], because reason: String, level: Logger.Level) {
        for (consumer, handlers) in running {
            for delivery in handlers.abandon() {
                logger.log(
                    level: level, "handler abandoned, its message goes back to the queue: \(reason)",
                    metadata: [
                        "consumer": "\(consumer.className)", "message_id": "\(delivery.messageID ?? "none")",
                        "delivery_tag": "\(delivery.deliveryTag)"
                    ])
            }
        }
    }
}
