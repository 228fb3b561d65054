import HutchAMQP
import HutchConventions
import Logging
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Publishes messages the way `Hutch.publish` and hutch-schedule's `enqueue*` do, byte
/// for byte: the same routing, properties (`message_id`, `timestamp`, `content_type`,
/// `delivery_mode` 2, `priority` 0, …) and JSON body a Ruby service would send.
///
/// ```swift
/// let publisher = Publisher(connection: hutch)
/// try await publisher.publish("orders.created", OrderCreated(id: 42))
/// try await publisher.enqueueIn(.seconds(5), Reminder(id: 42), for: ReminderConsumer.self)
/// ```
///
/// On every (re)connection the publisher declares what `Hutch.connect` and
/// `Hutch::Schedule.connect` declare: the main exchange and, with
/// ``HutchClientSettings/declareSchedule``, the schedule exchange and delay queues.
///
/// Confirms: with ``HutchClientSettings/publisherConfirms`` (or `confirm: true`) each
/// publish waits for the broker's `basic.ack` and throws
/// `AMQPError.Code.publishNacked` or `AMQPError.Code.confirmTimeout`.
/// A publish that meets a lost connection is retried on the next connection: with
/// confirms a confirmed message is never lost (it may arrive twice); without confirms a
/// message written just before the loss can be lost, as with bunny.
///
/// Without confirms a publish returns once the message is queued to the connection's
/// I/O thread (or, while that thread sleeps, written by the caller), which writes what is
/// queued in one turn of its loop together, in order
/// (the caller waits when more than 256 KiB are queued and not written). A channel or
/// connection failure the I/O thread already knows of is thrown, as above; a queued
/// message that is then never written (its channel or the connection died first, the
/// broker kept the connection blocked past ``HutchClientSettings/publishTimeout``) is
/// logged at error level with its `message_id`, counted (`hutch_unsent_total`) and
/// yielded on ``unsentMessages``: never dropped in silence. A publish never waits
/// longer than ``HutchClientSettings/publishTimeout`` (for a connection while the broker is
/// unreachable, for the broker to unblock publishing, for the confirm): then it throws
/// ``PublishTimeout``.
///
/// One channel publishes. It is in confirm mode from the start with
/// ``HutchClientSettings/publisherConfirms``; otherwise its first confirmed publish
/// selects it, and a publisher that never confirms never puts it in confirm mode (the
/// broker would send `basic.ack`s nobody reads). It is closed and replaced on the next publish when the broker
/// closed it, when a confirm timed out, and after a nack: a nack is usually the broker's
/// verdict on the message (a full queue with `reject-publish`), but on a cluster a
/// channel can keep nacking every publish to a quorum queue whose leader's node was
/// killed, long after a new leader was elected, while a new channel is confirmed
/// (RabbitMQ 3.10, see the cluster fault test). A channel retired after a nack is closed
/// once the publishes still waiting on it have their answers.
public final class Publisher: Sendable {
    /// The client connection.
    public let connection: HutchConnection
    /// Runs tasks on the I/O thread of the publisher's connection (``HutchConnection/executor``):
    /// confirmed publishes awaited one by one there cost no thread hand-off per message.
    ///
    /// ```swift
    /// try await withTaskExecutorPreference(publisher.executor) {
    ///     for order in orders { try await publisher.publish("orders.created", order, confirm: true) }
    /// }
    /// ```
    ///
    /// The code inside runs on that thread, between its reads and writes: it must not
    /// block (no semaphores, `sleep`, synchronous I/O) and should be short; heavy work
    /// belongs on the cooperative pool.
    public var executor: ConnectionExecutor { connection.executor }
    private let environment: PublishEnvironment
    /// ``HutchClientSettings/publisherConfiguration`` of the connection's settings, built
    /// once: reading it through the settings copied all of them on every publish.
    private let configuration: PublisherConfiguration
    let logger: Logger
    /// The publishing channel, its opening, and the publishes under way on each channel.
    let channels = ParkingMutex(PublishingChannels())
    /// How many times a publish is tried when connections are lost under it.
    let maxAttempts = 5
    /// Whether the first `enqueueIn` reported the broken pairing (``PairingSettings``).
    let pairingReported = Atomic(false)
    /// Metrics and producer spans (see ``ObservabilitySettings``).
    let observability: PublishObservability
    /// Every message the broker returns to this publisher (`basic.return` of a
    /// `mandatory` publish no queue is bound for), confirmed or not — the way to see an
    /// unroutable `mandatory` publish made without confirms (a confirmed one also throws
    /// ``UnroutableMessage``). Read it from one task; the newest 1,000 unread returns are kept.
    ///
    /// ```swift
    /// Task {
    ///     for await returned in publisher.returnedMessages {
    ///         logger.warning("unroutable: \(returned.method)")   // exchange, routing key, 312 NO_ROUTE
    ///     }
    /// }
    /// try await publisher.publish("orders.created", order, properties: ["mandatory": true], confirm: false)
    /// ```
    public let returnedMessages: AsyncStream<ReturnedMessage>
    private let returns: AsyncStream<ReturnedMessage>.Continuation
    /// Every message published without confirms that was queued but never written (its
    /// channel or the connection died first, or the broker blocked the connection past the
    /// publish timeout): see ``UnsentMessage``. Each is also logged at error level and
    /// counted (`hutch_unsent_total`). Read it from one task; the newest 1,000 unread are kept.
    public let unsentMessages: AsyncStream<UnsentMessage>
    private let unsent: AsyncStream<UnsentMessage>.Continuation
    /// Hears of each message queued without confirms that was not written (on the I/O
    /// thread): made once, so a publish hands the transport no closure of its own (one
    /// that captured the message allocated a context and copied the message's fields each
    /// time, and the I/O thread released them).
    private let reportUnsent: @Sendable (OutgoingMessage, AMQPError) -> Void

    /// How `Encodable` values are written (key strategy, `nil` as `null`, dates, …); Ruby's
    /// `MultiJson.dump` of the equivalent Hash by default.
    public let bodyEncoder: RubyJSONEncoder

    /// A publisher on `connection`; `environment` supplies timestamps and message ids,
    /// `bodyEncoder` writes the `Encodable` values it publishes:
    ///
    /// ```swift
    /// let publisher = Publisher(connection: hutch, bodyEncoder: RubyJSONEncoder(keyStrategy: .snakeCase, writesNilAsNull: true))
    /// ```
    public init(
        connection: HutchConnection, environment: PublishEnvironment = .system, logger: Logger = Logger(label: "hutch.publisher"),
        bodyEncoder: RubyJSONEncoder = RubyJSONEncoder()
    ) {
        self.bodyEncoder = bodyEncoder
        (returnedMessages, returns) = AsyncStream.makeStream(of: ReturnedMessage.self, bufferingPolicy: .bufferingNewest(1000))
        (unsentMessages, unsent) = AsyncStream.makeStream(of: UnsentMessage.self, bufferingPolicy: .bufferingNewest(1000))
        self.connection = connection
        self.environment = environment
        self.configuration = connection.settings.publisherConfiguration
        self.logger = logger
        self.observability = PublishObservability(connection.settings.observability)
        reportUnsent = UnsentReport(logger: logger, metrics: observability.metrics, stream: unsent).callAsFunction
    }

    deinit {
        returns.finish()
        unsent.finish()
    }

    var settings: HutchClientSettings { connection.settings }

    // MARK: Hutch.publish

    // Every method runs on the caller's task, none on an actor: concurrent publishers
    // encode their JSON and properties in parallel, and share the channel bookkeeping
    // (``PublishingChannels``) under a lock held for a few lookups. A confirmed publish
    // awaited on the connection's executor so stays on the I/O thread from start to
    // `basic.ack`.

    /// `Hutch.publish(routing_key, message, properties)` with a Codable value, written
    /// as Ruby's JSON would write the equivalent Hash (`RubyJSONEncoder`): with
    /// `encoder` when given, else the publisher's ``bodyEncoder``.
    public func publish(
        _ routingKey: String, _ value: some Encodable, properties: PublishProperties = PublishProperties(), confirm: Bool? = nil,
        encoder: RubyJSONEncoder? = nil
    ) async throws {
        let json = try (encoder ?? bodyEncoder).encodeToJSONValue(value)
        try await publish(routingKey, json: json, properties: properties, confirm: confirm)
    }

    /// `Hutch.publish` with a JSON value (a Ruby Hash, Array, …).
    public func publish(
        _ routingKey: String, json: JSONValue, properties: PublishProperties = PublishProperties(), serializer: Serializer? = nil,
        confirm: Bool? = nil
    ) async throws {
        let message = try Self.message(
            routingKey, json: json, properties: properties, serializer: serializer,
            configuration: configuration, environment: environment)
        try await sending(message, confirm: confirm)
    }

    /// `Hutch.publish` of bytes with the identity serializer (`application/octet-stream`).
    public func publish(
        _ routingKey: String, bytes: [UInt8], properties: PublishProperties = PublishProperties(), confirm: Bool? = nil
    ) async throws {
        let message = try HutchPublisher(configuration: configuration).publish(
            routingKey: routingKey, message: .bytes(bytes), properties: properties, serializer: .identity, environment: environment)
        try await sending(message, confirm: confirm)
    }

    // MARK: hutch-schedule

    /// hutch-schedule's `enqueue(message)` for a consumer: `Hutch.publish` with its last routing key.
    public func enqueue<Consumer: HutchConsumer>(_ value: some Encodable, for consumer: Consumer.Type, confirm: Bool? = nil)
        async throws
    {
        try await enqueue(json: try bodyEncoder.encodeToJSONValue(value), routingKeys: Consumer.routingKeys, confirm: confirm)
    }

    /// `enqueue` for a consumer's routing keys.
    public func enqueue(json: JSONValue, routingKeys: [String], confirm: Bool? = nil) async throws {
        let message = try HutchEnqueue(routingKeys: routingKeys, configuration: configuration)
            .enqueue(.value(json), environment: environment)
        try await sending(message, confirm: confirm)
    }

    /// hutch-schedule's `enqueue_in(interval, message, props)` for a consumer: published to
    /// `<exchange>.schedule` with routing key `<exchange>.schedule.<level>s`, `expiration` the
    /// level in milliseconds and `CC` the consumer's last routing key; `delay` is rounded up
    /// to one of the 21 delay levels (5 s … 3 h) as Ruby does (whole seconds travel as a
    /// Ruby Integer interval, finer ones as a Float: `ScheduleInterval(_:)`).
    public func enqueueIn<Consumer: HutchConsumer>(
        _ delay: Duration, _ value: some Encodable, for consumer: Consumer.Type, properties: PublishProperties = PublishProperties(),
        confirm: Bool? = nil
    ) async throws {
        try await enqueueIn(
            ScheduleInterval(delay), json: try bodyEncoder.encodeToJSONValue(value), routingKeys: Consumer.routingKeys,
            properties: properties, confirm: confirm)
    }

    /// `enqueue_in` for a consumer's routing keys with a JSON value.
    public func enqueueIn(
        _ interval: ScheduleInterval, json: JSONValue, routingKeys: [String], properties: PublishProperties = PublishProperties(),
        confirm: Bool? = nil
    ) async throws {
        let message = try Self.enqueueInMessage(
            interval, json: json, routingKeys: routingKeys, properties: properties,
            configuration: configuration, environment: environment)
        try await sending(message, confirm: confirm)
        reportPairingOnce()
    }

    /// hutch-schedule's `enqueue_at(time, message, props)`: `enqueue_in(max(time - now, 1 s))`,
    /// so a time in the past takes the 5 s level.
    public func enqueueAt<Consumer: HutchConsumer>(
        _ date: Date, _ value: some Encodable, for consumer: Consumer.Type, properties: PublishProperties = PublishProperties(),
        confirm: Bool? = nil
    ) async throws {
        let interval = try HutchEnqueue.interval(at: date.timeIntervalSince1970, now: Date().timeIntervalSince1970)
        try await enqueueIn(
            interval, json: try bodyEncoder.encodeToJSONValue(value), routingKeys: Consumer.routingKeys,
            properties: properties, confirm: confirm)
    }

    // MARK: Sending

    /// Sends a message built by the conventions (also what the worker's retries and dead
    /// messages use), retrying on a new connection when the connection is lost.
    ///
    /// The whole publish takes at most ``HutchClientSettings/publishTimeout``.
    ///
    /// - Parameters:
    ///   - message: the exchange, routing key, properties and body to publish.
    ///   - confirm: wait for the broker's confirm; `nil` follows
    ///     ``HutchClientSettings/publisherConfirms``.
    /// - Throws: ``PublishTimeout`` when the publish timeout passes (also while the broker
    ///   blocks publishing with `connection.blocked`: nothing is written then);
    ///   `AMQPError.Code.publishNacked` (the next publish uses a new channel) or
    ///   `AMQPError.Code.confirmTimeout` (the channel is closed) with
    ///   confirms; ``UnroutableMessage`` for a confirmed `mandatory` message the broker
    ///   returned; the `AMQPError` that closed the channel (404 missing exchange, …, on a
    ///   later publish: the broker closes the channel after reading the message), or a
    ///   connection failure that reconnecting cannot fix. Without confirms the call returns
    ///   once the message is queued: what happens to it afterwards, if it is not written,
    ///   arrives on ``unsentMessages``.
    public func send(_ message: OutgoingMessage, confirm: Bool? = nil) async throws {
        try await sending(message, confirm: confirm)
    }

    /// ``send(_:confirm:)`` on the caller's executor. The public methods, `nonisolated`,
    /// move off the caller's actor when they are called; what they call on the way to the
    /// broker inherits their executor (`nonisolated(nonsending)`) instead of checking it again
    /// on entry and after each await: each check is a `swift_task_switch`, which for a task
    /// with an executor preference (``executor``) reads the preference under the task's
    /// status lock.
    nonisolated(nonsending) func sending(_ message: OutgoingMessage, confirm: Bool?) async throws {
        guard observability.isActive else { return try await deliver(message, confirm: confirm) }
        try await observability.publishing(message) { try await deliver($0, confirm: confirm) }
    }

    /// ``send(_:confirm:)`` without metrics and tracing.
    @inline(__always)
    private nonisolated(nonsending) func deliver(_ message: OutgoingMessage, confirm: Bool?) async throws {
        try await deliver(
            message, confirmed: confirm ?? settings.publisherConfirms, until: ContinuousClock.now + settings.publishTimeout,
            attempt: 1, timeLeft: settings.publishTimeout)
    }

    /// Sends `message` as ``send(_:confirm:)`` does, this being its `attempt`th try (a
    /// message ``sendAll(_:confirm:)`` sent with others goes on alone after a lost connection).
    /// `timeLeft`, when given, is the time to `deadline` now, from the caller's reading of
    /// the clock (one clock read less per message; a `Duration`, not an optional instant,
    /// which the standard library's resilient `ContinuousClock.Instant` copies and destroys
    /// through its value witnesses).
    @inline(__always)
    nonisolated(nonsending) func deliver(
        _ message: OutgoingMessage, confirmed: Bool, until deadline: ContinuousClock.Instant, attempt firstAttempt: Int,
        timeLeft: Duration? = nil
    ) async throws {
        var attempt = firstAttempt - 1
        // The time left from a reading of the clock that no await has made stale yet.
        var knownLeft = timeLeft
        while true {
            attempt += 1
            let (amqp, key, waited) = try await channel(for: message, until: deadline)
            let left = (waited ? nil : knownLeft) ?? ContinuousClock.now.duration(to: deadline)
            knownLeft = nil
            // Nothing written yet: a message with no time left for its confirm is not sent.
            guard left > .zero else { throw timeout(waitingFor: .connection, message) }
            let confirmTimeout = min(settings.confirmTimeout, left)
            guard let inConfirmMode = channels.withLock({ $0.begin(key) }) else {
                // The channel was retired while this publish waited for it: nothing was
                // written, and not an attempt lost to a connection.
                attempt -= 1
                continue
            }
            do throws(AMQPError) {
                if confirmed {
                    if !inConfirmMode { try await selectConfirms(key, on: amqp) }
                    let written = observability.metrics.startTime()
                    try await amqp.publishConfirmed(
                        message.method, properties: message.properties, body: message.body, on: key.number, timeout: confirmTimeout,
                        blockedTimeout: left, failWhenUnroutable: message.mandatory)
                    observability.confirmed(message, since: written)
                } else {
                    try await amqp.queuePublish(
                        message.method, properties: message.properties, body: message.body, on: key.number, blockedTimeout: left,
                        failed: reportUnsent)
                }
                if channels.withLock({ $0.finish(key) }) { await Self.close(key.number, on: amqp) }
                return
            } catch {
                if channels.withLock({ $0.finish(key) }) { await Self.close(key.number, on: amqp) }
                let reaction = ChannelReaction(to: error)
                await react(reaction, to: error, on: key, of: amqp)
                if reaction == .reconnect, attempt < maxAttempts {
                    logRetry(message, error)
                    continue
                }
                throw reported(error, for: message, confirmTimeout: confirmTimeout)
            }
        }
    }

    /// A publish of `message` that met a lost connection is tried again on a new one.
    ///
    /// Not inlined into the publish: there the optimizer read the logger's handler (a
    /// dynamic exclusivity check) before every publish, for this rare warning.
    @inline(never)
    private func logRetry(_ message: OutgoingMessage, _ error: AMQPError) {
        logger.warning(
            "publish met a lost connection, retrying on a new one",
            metadata: [
                "routing_key": "\(message.routingKey)", "error": "\(error)"
            ])
    }

    /// The publishing channel, waiting while it is opened (at most until `deadline`);
    /// `waited` tells whether it was.
    @inline(__always)
    nonisolated(nonsending) func channel(
        for message: OutgoingMessage, until deadline: ContinuousClock.Instant
    ) async throws -> (any AMQPTransport, PublishingChannel, waited: Bool) {
        do {
            // Awaiting only while the channel is being opened: every await on the way
            // is a check of the task's executor.
            switch publishingChannel() {
            case .open(let open, let openKey): return (open, openKey, false)
            case .opening(let opening):
                let (opened, openedKey) = try await opened(opening, for: message, until: deadline)
                return (opened, openedKey, true)
            }
        } catch let error as AMQPError where error.code == .connectionBlocked {
            throw timeout(waitingFor: .unblock(reason: error.blockedReason ?? "no reason given"), message)
        }
    }

    /// What a publish that failed with an `AMQPError` asks of its channel, from the least
    /// to the most it asks (of a batch's failures, ``sendAll(_:confirm:)`` does the most one
    /// asks, once: a channel is closed once).
    enum ChannelReaction: Int, Comparable {
        /// A value refused before sending, a return, a blocked connection: the channel is as
        /// healthy as before.
        case keep
        /// The broker closed the channel (404 missing exchange, …), or a call learned it
        /// had: a new one next time.
        case replace
        /// A nack: the next publish gets a new channel (see the type's documentation);
        /// this one is closed when the publishes waiting on it are answered.
        case retire
        /// The channel still owes a confirm: replaced next time, and retired — closed, off
        /// the caller's path, once the other publishes waiting on it have their answers
        /// (closing it at once would fail them with `channelClosed`, though the broker may
        /// be about to confirm them) — unless the broker blocked the connection: it has not
        /// read the message yet, and a new channel would wait for the same unblock.
        case closeAfterConfirmTimeout
        /// The connection is lost: a new one, and the publish tried again on it.
        case reconnect

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

        init(to error: AMQPError) {
            switch error.scope {
            case .connection: self = .reconnect
            case .channel: self = .replace
            case .call where error.code == .confirmTimeout: self = .closeAfterConfirmTimeout
            case .call where error.code == .channelClosed: self = .replace
            case .call where error.code == .publishNacked: self = .retire
            case .call: self = .keep
            }
        }
    }

    /// Does what `reaction` asks of channel `key` of `amqp` (once per failed publish, once
    /// per batch of ``sendAll(_:confirm:)``).
    func react(_ reaction: ChannelReaction, to error: AMQPError, on key: PublishingChannel, of amqp: any AMQPTransport) async {
        switch reaction {
        case .reconnect:
            forget(key)
            await connection.connectionFailed(amqp, error: error)
        case .replace:
            forget(key)
        case .closeAfterConfirmTimeout:
            guard !amqp.isBlocked else { return }
            forget(key)
            if channels.withLock({ $0.retire(key) }) { Task { await Self.close(key.number, on: amqp) } }
        case .retire:
            forget(key)
            if channels.withLock({ $0.retire(key) }) { await Self.close(key.number, on: amqp) }
        case .keep:
            break
        }
    }

    /// What a publish of `message` that failed with `error` throws, its confirm having
    /// been given `confirmTimeout`.
    func reported(_ error: AMQPError, for message: OutgoingMessage, confirmTimeout: Duration) -> any Error {
        guard error.scope == .call else { return error }
        switch error.code {
        case .confirmTimeout where confirmTimeout < settings.confirmTimeout:
            // The publish timeout, not the confirm timeout, cut the wait short.
            return timeout(waitingFor: .confirm, message)
        case .connectionBlocked:
            // Nothing was written; the channel waits for the broker to unblock.
            return timeout(waitingFor: .unblock(reason: error.blockedReason ?? "no reason given"), message)
        case .publishReturned:
            return UnroutableMessage(error, message: message)
        default:
            return error
        }
    }

    /// Closes a channel that is no longer used; while the broker blocks the connection
    /// the close waits (request after request) until it unblocks or the connection ends.
    static func close(_ number: UInt16, on amqp: any AMQPTransport) async {
        while true {
            do throws(AMQPError) {
                return try await amqp.closeChannel(number)
            } catch  where error.code == .connectionBlocked {
                continue
            } catch {
                return
            }
        }
    }

    /// Puts the channel in confirm mode before its first confirmed publish. A channel that
    /// only publishes without confirms never is: the broker then sends no `basic.ack`s.
    /// Publishes that meet a channel not yet in confirm mode at once each select it
    /// (`confirm.select` on a channel in confirm mode changes nothing).
    func selectConfirms(_ key: PublishingChannel, on amqp: any AMQPTransport) async throws(AMQPError) {
        try await amqp.confirmSelect(on: key.number)
        channels.withLock { $0.confirms(key) }
    }

    /// Stops publishing on channel `key`, when it is the publishing channel.
    func forget(_ key: PublishingChannel) {
        channels.withLock { $0.forget(key) }
    }

    func timeout(waitingFor wait: PublishTimeout.Wait, _ message: OutgoingMessage) -> PublishTimeout {
        PublishTimeout(waitingFor: wait, timeout: settings.publishTimeout, exchange: message.exchange, routingKey: message.routingKey)
    }

    /// The publishing channel on the current connection, or the opening of one (started
    /// now when none is under way).
    private func publishingChannel() -> ChannelReadiness {
        channels.withLock { channels in
            if let current = channels.current { return .open(current.connection, current.key) }
            if let opening = channels.opening { return .opening(opening) }
            let opening = startOpening()
            channels.opening = opening
            return .opening(opening)
        }
    }

    /// The channel `attempt` opens (a connection, the channel in confirm mode, the exchange
    /// and schedule topology declared), waiting for it at most until `deadline`.
    private func opened(
        _ attempt: SharedAttempt<(any AMQPTransport, PublishingChannel)>, for message: OutgoingMessage,
        until deadline: ContinuousClock.Instant
    ) async throws -> (any AMQPTransport, PublishingChannel) {
        guard let opened = try await attempt.value(until: deadline) else { throw timeout(waitingFor: .connection, message) }
        return opened
    }

    /// The publishing channel, open or being opened.
    private enum ChannelReadiness {
        case open(any AMQPTransport, PublishingChannel)
        case opening(SharedAttempt<(any AMQPTransport, PublishingChannel)>)
    }

    /// Starts opening the publishing channel, shared by every publish that needs it (the
    /// caller keeps it in ``PublishingChannels/opening``).
    private func startOpening() -> SharedAttempt<(any AMQPTransport, PublishingChannel)> {
        SharedAttempt { [self] () async throws -> (any AMQPTransport, PublishingChannel) in
            do {
                let opened = try await Self.openChannel(connection: connection, settings: settings, returns: returns)
                return (opened.0, self.channels.withLock { $0.openingEnded(opened, confirming: settings.publisherConfirms) })
            } catch {
                self.channels.withLock { $0.openingFailed() }
                throw error
            }
        }
    }

    /// Makes channel `number` a publishing channel: returns handed to `returns`, confirm
    /// mode with ``HutchClientSettings/publisherConfirms``, and what `Hutch.connect` and
    /// `Hutch::Schedule.connect` declare.
    private static func prepare(
        _ number: UInt16, on amqp: any AMQPTransport, settings: HutchClientSettings,
        returns: AsyncStream<ReturnedMessage>.Continuation
    ) async throws {
        try await amqp.onReturn(channel: number) { returns.yield($0) }
        if settings.publisherConfirms { try await amqp.confirmSelect(on: number) }
        // The plan's prefetch check concerns the worker, not a publisher.
        var publisherSettings = settings
        publisherSettings.topology.channelPrefetch = max(settings.topology.channelPrefetch ?? 1, 1)
        publisherSettings.deadQueue = false
        try await TopologyDeclarer(settings: publisherSettings).declare(consumers: [], on: amqp, channel: number, includeQos: false)
    }

    /// Opens a channel — in confirm mode with ``HutchClientSettings/publisherConfirms``,
    /// else the first confirmed publish selects it — and declares what `Hutch.connect` and
    /// `Hutch::Schedule.connect` declare, on a new connection after each lost one.
    private static func openChannel(
        connection: HutchConnection, settings: HutchClientSettings, returns: AsyncStream<ReturnedMessage>.Continuation
    ) async throws -> (any AMQPTransport, UInt16) {
        while true {
            let amqp = try await connection.transport()
            do {
                let number = try await amqp.openChannel()
                do {
                    try await prepare(number, on: amqp, settings: settings, returns: returns)
                } catch {
                    // Still open (a call failed, not the channel: a memory alarm held a
                    // declaration past its patience), and nothing will publish on it:
                    // closed off the caller's path, its number freed.
                    if (error as? AMQPError)?.mayLeaveChannelOpen ?? true { Task { await Self.close(number, on: amqp) } }
                    throw error
                }
                return (amqp, number)
            } catch let error as AMQPError where error.endsConnection {
                await connection.connectionFailed(amqp, error: error)
            }
        }
    }
}
