import HutchAMQP
import HutchConventions
import Synchronization

/// A client connection to an ``InMemoryBroker``, with the calls and errors of
/// `AMQPConnection` (`package`, for the client): the same `AMQPError` codes, reply texts
/// and scopes (a 404 or 406 closes the channel, later calls on it throw `channelClosed`; a
/// dropped connection fails every call and ends every consumer).
///
/// A test gets the client's connections from ``InMemoryBroker/openConnections`` and makes
/// the broker misbehave on them: ``drop()``, ``closeByBroker(replyCode:replyText:)``,
/// ``closeChannelByBroker(_:replyCode:replyText:)``, ``nackNextPublishes(_:)``,
/// ``block(reason:)`` and ``unblock()``.
public final class InMemoryConnection: Sendable {
    let broker: InMemoryBroker
    let id: ConnectionID
    /// How long a request waits while the connection is blocked (on the test clock).
    let rpcTimeout: Duration = .seconds(30)
    /// The highest channel number (RabbitMQ's default `channel_max`).
    let channelMax: UInt16 = 2047

    init(broker: InMemoryBroker, id: ConnectionID) {
        self.broker = broker
        self.id = id
    }

    /// What the broker says about itself: RabbitMQ 3.10 with its capabilities.
    package var serverProperties: ServerProperties {
        let capabilities = [
            "publisher_confirms", "exchange_exchange_bindings", "basic.nack", "consumer_cancel_notify",
            "connection.blocked", "consumer_priorities", "authentication_failure_close", "per_consumer_qos",
            "direct_reply_to"
        ].map { FieldTable.Entry($0, .boolean(true)) }
        return ServerProperties(
            table: FieldTable(pairs: [
                ("capabilities", .table(FieldTable(capabilities))), ("product", .string("RabbitMQ")),
                ("version", .string("3.10.0")), ("platform", .string("HutchTesting InMemoryBroker"))
            ]))
    }

    /// Whether the broker has blocked this connection (``block(reason:)``).
    public var isBlocked: Bool { blockedReason != nil }

    /// The reason given to ``block(reason:)``; `nil` while not blocked.
    public var blockedReason: String? { broker.model.withLock { $0.connections[id]?.blockedReason } }

    /// Calls `observer` each time the connection is unblocked, with how long the block
    /// lasted on the test clock.
    package func observeUnblocking(_ observer: @escaping @Sendable (BlockedEpisode) -> Void) {
        broker.model.withLock { $0.connections[id]?.unblockObservers.append(observer) }
    }

    // MARK: Running calls

    /// Runs `body` under the broker's lock unless the connection or channel refuses the
    /// call first; a ``BrokerRefusal`` closes the channel (or the connection) and is
    /// thrown as the `AMQPError` `AMQPConnection` would report.
    func run<T>(
        _ operation: AMQPError.Operation, channel: UInt16?, _ body: (inout BrokerModel) throws(BrokerRefusal) -> T
    ) throws(AMQPError) -> T {
        let id = id
        let result: Result<T, AMQPError> = broker.update { model in
            if let refused = model.refusal(operation, channel: channel, on: id) { return .failure(refused) }
            do throws(BrokerRefusal) {
                return .success(try body(&model))
            } catch {
                return .failure(model.refused(error, operation: operation, channel: channel ?? 0, on: id))
            }
        }
        return try result.get()
    }

    /// Runs a method the broker answers only by closing the channel when it refuses it
    /// (a publish to a missing exchange, an ack of an unknown tag): the call succeeds and
    /// the channel dies, with the error a later call reports.
    func runUnanswered(
        _ operation: AMQPError.Operation, channel: UInt16, _ body: (inout BrokerModel) throws(BrokerRefusal) -> Void
    ) throws(AMQPError) {
        try run(operation, channel: channel) { model throws(BrokerRefusal) in
            do throws(BrokerRefusal) {
                try body(&model)
            } catch {
                _ = model.refused(error, operation: .receive, channel: channel, on: id)
            }
        }
    }

    /// Waits while the connection is blocked, up to `patience` on the test clock, as
    /// `AMQPConnection` holds publishes and requests; throws `connectionBlocked` then.
    func waitWhileBlocked(_ operation: AMQPError.Operation, channel: UInt16?, patience: Duration) async throws(AMQPError) {
        let id = id
        let broker = broker
        let failure: AMQPError? = await withCheckedContinuation { continuation in
            let held = broker.update { model in
                model.holdIfBlocked(operation, channel: channel, patience: patience, on: id) { continuation.resume(returning: $0) }
            }
            if !held { continuation.resume(returning: nil) }
        }
        if let failure { throw failure }
    }
}
