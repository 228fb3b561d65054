#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HutchAMQP
import HutchConventions
import Logging

/// Publishes messages the way `Hutch.publish` and hutch-schedule's `enqueue*` do, byte
/// for byte: the same routing, properties (`message_id`, `timestamp`, `content_type`,
/// `delivery_mode` 2, `priority` 0, …) and JSON body a Ruby service would send.
///
/// ```swift
/// let publisher = Publisher(connection: hutch)
/// try await publisher.publish("orders.created", OrderCreated(id: 42))
/// try await publisher.enqueueIn(5, Reminder(id: 42), for: ReminderConsumer.self)
/// ```
///
/// On every (re)connection the publisher declares what `Hutch.connect` and
/// `Hutch::Schedule.connect` declare: the main exchange and, with
/// ``HutchClientSettings/declareSchedule``, the schedule exchange and delay queues.
///
/// Confirms: with ``HutchClientSettings/publisherConfirms`` (or `confirm: true`) each
/// publish waits for the broker's `basic.ack` and throws
/// ``AMQPError/Code-swift.struct/publishNacked`` or ``AMQPError/Code-swift.struct/confirmTimeout``.
/// A publish that meets a lost connection is retried on the next connection: with
/// confirms a confirmed message is never lost (it may arrive twice); without confirms a
/// message written just before the loss can be lost, as with bunny.
public actor Publisher {
    /// The client connection.
    public nonisolated let connection: HutchConnection
    private let environment: PublishEnvironment
    private let logger: Logger
    private var channel: (connection: AMQPConnection, number: UInt16)?
    private var opening: Task<(AMQPConnection, UInt16), any Error>?
    /// How many times a publish is tried when connections are lost under it.
    private let maxAttempts = 5

    /// A publisher on `connection`; `environment` supplies timestamps and message ids.
    public init(connection: HutchConnection, environment: PublishEnvironment = .system, logger: Logger = Logger(label: "hutch.publisher")) {
        self.connection = connection
        self.environment = environment
        self.logger = logger
    }

    private var settings: HutchClientSettings { connection.settings }

    // MARK: Hutch.publish

    /// `Hutch.publish(routing_key, message, properties)` with a Codable value, written
    /// as Ruby's JSON would write the equivalent Hash (``RubyJSONEncoder``).
    public func publish(
        _ routingKey: String, _ value: some Encodable, properties: PublishProperties = PublishProperties(), confirm: Bool? = nil
    ) async throws {
        try await publish(routingKey, json: try RubyJSONEncoder().encodeToJSONValue(value), properties: properties, confirm: confirm)
    }

    /// `Hutch.publish` with a JSON value (a Ruby Hash, Array, …).
    public func publish(
        _ routingKey: String, json: JSONValue, properties: PublishProperties = PublishProperties(), serializer: Serializer? = nil,
        confirm: Bool? = nil
    ) async throws {
        let message = try Self.message(
            routingKey, json: json, properties: properties, serializer: serializer,
            configuration: settings.publisherConfiguration, environment: environment)
        try await send(message, confirm: confirm)
    }

    /// `Hutch.publish` of bytes with the identity serializer (`application/octet-stream`).
    public func publish(
        _ routingKey: String, bytes: [UInt8], properties: PublishProperties = PublishProperties(), confirm: Bool? = nil
    ) async throws {
        let message = try HutchPublisher(configuration: settings.publisherConfiguration).publish(
            routingKey: routingKey, message: .bytes(bytes), properties: properties, serializer: .identity, environment: environment)
        try await send(message, confirm: confirm)
    }

    // MARK: hutch-schedule

    /// hutch-schedule's `enqueue(message)` for a consumer: `Hutch.publish` with its last routing key.
    public func enqueue<Consumer: HutchConsumer>(_ value: some Encodable, for consumer: Consumer.Type, confirm: Bool? = nil) async throws {
        try await enqueue(json: try RubyJSONEncoder().encodeToJSONValue(value), routingKeys: Consumer.routingKeys, confirm: confirm)
    }

    /// `enqueue` for a consumer's routing keys.
    public func enqueue(json: JSONValue, routingKeys: [String], confirm: Bool? = nil) async throws {
        let message = try HutchEnqueue(routingKeys: routingKeys, configuration: settings.publisherConfiguration)
            .enqueue(.value(json), environment: environment)
        try await send(message, confirm: confirm)
    }

    /// hutch-schedule's `enqueue_in(interval, message, props)` for a consumer: published to
    /// `<exchange>.schedule` with routing key `<exchange>.schedule.<level>s`, `expiration` the
    /// level in milliseconds and `CC` the consumer's last routing key; the interval is
    /// rounded up to one of the 21 delay levels (5 s … 3 h) as Ruby does.
    public func enqueueIn<Consumer: HutchConsumer>(
        _ seconds: Double, _ value: some Encodable, for consumer: Consumer.Type, properties: PublishProperties = PublishProperties(),
        confirm: Bool? = nil
    ) async throws {
        try await enqueueIn(
            .float(seconds), json: try RubyJSONEncoder().encodeToJSONValue(value), routingKeys: Consumer.routingKeys,
            properties: properties, confirm: confirm)
    }

    /// `enqueue_in` with a whole number of seconds (a Ruby Integer interval).
    public func enqueueIn<Consumer: HutchConsumer>(
        _ seconds: Int, _ value: some Encodable, for consumer: Consumer.Type, properties: PublishProperties = PublishProperties(),
        confirm: Bool? = nil
    ) async throws {
        try await enqueueIn(
            .seconds(Int64(seconds)), json: try RubyJSONEncoder().encodeToJSONValue(value), routingKeys: Consumer.routingKeys,
            properties: properties, confirm: confirm)
    }

    /// `enqueue_in` for a consumer's routing keys with a JSON value.
    public func enqueueIn(
        _ interval: ScheduleInterval, json: JSONValue, routingKeys: [String], properties: PublishProperties = PublishProperties(),
        confirm: Bool? = nil
    ) async throws {
        let message = try Self.enqueueInMessage(
            interval, json: json, routingKeys: routingKeys, properties: properties,
            configuration: settings.publisherConfiguration, environment: environment)
        try await send(message, confirm: confirm)
    }

    /// hutch-schedule's `enqueue_at(time, message, props)`: `enqueue_in(max(time - now, 1 s))`,
    /// so a time in the past takes the 5 s level.
    public func enqueueAt<Consumer: HutchConsumer>(
        _ date: Date, _ value: some Encodable, for consumer: Consumer.Type, properties: PublishProperties = PublishProperties(),
        confirm: Bool? = nil
    ) async throws {
        let interval = try HutchEnqueue.interval(at: date.timeIntervalSince1970, now: Date().timeIntervalSince1970)
        try await enqueueIn(
            interval, json: try RubyJSONEncoder().encodeToJSONValue(value), routingKeys: Consumer.routingKeys,
            properties: properties, confirm: confirm)
    }

    // MARK: Sending

    /// Sends a message built by the conventions (also what the worker's retries and dead
    /// messages use), retrying on a new connection when the connection is lost.
    ///
    /// - Parameter confirm: wait for the broker's confirm; `nil` follows
    ///   ``HutchClientSettings/publisherConfirms``.
    public func send(_ message: OutgoingMessage, confirm: Bool? = nil) async throws {
        let confirmed = confirm ?? settings.publisherConfirms
        var attempt = 0
        while true {
            attempt += 1
            let (amqp, number) = try await openChannel()
            do throws(AMQPError) {
                if confirmed {
                    try await amqp.publishConfirmed(
                        message.method, properties: message.properties, body: message.body, on: number, timeout: settings.confirmTimeout)
                } else {
                    try await amqp.publish(message.method, properties: message.properties, body: message.body, on: number)
                }
                return
            } catch {
                if channel?.connection === amqp { channel = nil }
                if error.endsConnection {
                    await connection.connectionFailed(amqp, error: error)
                    if attempt < maxAttempts {
                        logger.warning("publish met a lost connection, retrying on a new one", metadata: [
                            "routing_key": "\(message.routingKey)", "error": "\(error)",
                        ])
                        continue
                    }
                } else if error.code != .publishNacked && error.code != .confirmTimeout {
                    // The broker closed the channel (404 missing exchange, …): a new one next time.
                    _ = try? await amqp.closeChannel(number)
                }
                throw error
            }
        }
    }

    /// The publishing channel on the current connection: opened in confirm mode, with
    /// the exchange and schedule topology declared, once per connection.
    private func openChannel() async throws -> (AMQPConnection, UInt16) {
        if let channel { return channel }
        if let opening { return try await opening.value }
        let task = Task { [connection, settings] () async throws -> (AMQPConnection, UInt16) in
            while true {
                let amqp = try await connection.connection()
                do {
                    let number = try await amqp.openChannel()
                    try await amqp.confirmSelect(on: number)
                    // What Hutch.connect and Hutch::Schedule.connect declare; the plan's
                    // prefetch check concerns the worker, not a publisher.
                    var publisherSettings = settings
                    publisherSettings.topology.channelPrefetch = max(settings.topology.channelPrefetch ?? 1, 1)
                    publisherSettings.deadQueue = false
                    try await TopologyDeclarer(settings: publisherSettings).declare(
                        consumers: [], on: amqp, channel: number, includeQos: false)
                    return (amqp, number)
                } catch let error as AMQPError where error.endsConnection {
                    await connection.connectionFailed(amqp, error: error)
                }
            }
        }
        opening = task
        defer { opening = nil }
        let opened = try await task.value
        channel = (opened.0, opened.1)
        return opened
    }
}
