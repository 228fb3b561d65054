import HutchAMQP
import HutchConventions
import Synchronization

/// A RabbitMQ broker in memory, for tests: exchanges, queues, bindings, consumers,
/// acknowledgements, dead-lettering and message expiry behave as RabbitMQ 3.10's do, and
/// time is a test clock the test moves on (``advanceClock(by:)``) instead of waiting.
///
/// ```swift
/// let broker = InMemoryBroker()
/// let connection = broker.hutchConnection(settings: settings)  // for a Worker or Publisher
/// ```
///
/// ``HutchTestHarness`` runs consumers under a `Worker` on it.
///
/// What it models:
/// - the default exchange and `direct`, `topic` (`*`, `#`), `fanout` and `headers`
///   exchanges; queues with their `durable`, `exclusive` and `auto-delete` flags and
///   arguments; bindings; routing by `CC` / `BCC` headers;
/// - declarations as RabbitMQ answers them: a passive declaration of a missing queue or
///   exchange closes the channel with 404 `NOT_FOUND`, a redeclaration with other flags
///   or arguments with 406 `PRECONDITION_FAILED - inequivalent arg …`, word for word;
/// - `basic.qos` prefetch, acknowledgements (`multiple` included; an unknown delivery
///   tag closes the channel with 406), requeueing with the `redelivered` flag, unsettled
///   deliveries going back when their channel or connection closes;
/// - dead-lettering on reject / nack without requeue and on expiry
///   (`x-dead-letter-exchange`, `x-dead-letter-routing-key`, the `x-death` and
///   `x-first-death-*` headers as RabbitMQ 3.10 writes them), per-message `expiration`
///   and queue `x-message-ttl` on the test clock;
/// - `x-max-length` (ready messages) with `x-overflow`: `drop-head` dead-letters the oldest
///   with reason `maxlen`; `reject-publish` refuses the new message, `reject-publish-dlx`
///   refuses and dead-letters it;
/// - publisher confirms (every routed or unroutable publish is acked; one a full
///   `reject-publish` queue refused is nacked), `mandatory` publishes returned with 312
///   `NO_ROUTE`, `basic.get`, purge, delete, consumer cancel.
///
/// What it does not: persistence and restarts, quorum and stream queues, `x-max-length-bytes`, `x-expires`,
/// priorities, dead-letter cycle detection, virtual hosts other than its own, users and
/// permissions, TLS, heartbeats. Its behaviour is checked against a real broker by one
/// shared test suite (`Tests/HutchTestingTests`).
public final class InMemoryBroker: Sendable {
    let model: Mutex<BrokerModel>

    /// A broker for `virtualHost`, its test clock starting at `startTime` (seconds since
    /// the Unix epoch; the time `x-death` entries record).
    public init(virtualHost: String = "/", startTime: Int64 = 1_700_000_000) {
        model = Mutex(BrokerModel(virtualHost: virtualHost, now: startTime * 1000))
    }

    /// Runs `body` on the broker's state, then performs the effects it caused (deliveries,
    /// feeds ending, returns, held calls resuming) outside the lock.
    func mutate<T>(_ body: (inout BrokerModel) throws(BrokerRefusal) -> T) throws(BrokerRefusal) -> T {
        let outcome: Result<T, BrokerRefusal>
        let effects: [BrokerEffect]
        (outcome, effects) = model.withLock { model in
            let result: Result<T, BrokerRefusal>
            do throws(BrokerRefusal) { result = .success(try body(&model)) } catch { result = .failure(error) }
            return (result, model.takeEffects())
        }
        for effect in effects { effect.perform() }
        return try outcome.get()
    }

    /// Runs `body`, which cannot be refused, as ``mutate(_:)`` does.
    func update<T>(_ body: (inout BrokerModel) -> T) -> T {
        let (result, effects) = model.withLock { model in (body(&model), model.takeEffects()) }
        for effect in effects { effect.perform() }
        return result
    }

    /// Opens a client connection (what ``hutchConnection(settings:logger:)``'s connector does).
    package func connect() -> InMemoryConnection {
        InMemoryConnection(broker: self, id: update { $0.openConnection() })
    }

    /// The connections clients have open, oldest first: handles for fault injection
    /// (``InMemoryConnection/drop()``, ``InMemoryConnection/block(reason:)``, …).
    public var openConnections: [InMemoryConnection] {
        let ids = model.withLock { model in model.connections.keys.sorted().filter { model.connections[$0]?.isOpen == true } }
        return ids.map { InMemoryConnection(broker: self, id: $0) }
    }

    // MARK: The test clock

    /// The virtual host the broker serves (`"/"` by default).
    public var virtualHost: String { model.withLock { $0.virtualHost } }

    /// The test clock: milliseconds since the Unix epoch.
    public var now: Int64 { model.withLock { $0.now } }

    /// Moves the test clock on: messages whose `expiration` or queue `x-message-ttl` has
    /// passed expire (dead-lettered where their queue says), and calls held by a blocked
    /// connection whose patience ran out fail. Returns when all of that is done.
    public func advanceClock(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        update { $0.advance(byMilliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000) }
    }

    // MARK: Looking inside

    /// Whether a queue named `name` exists.
    public func hasQueue(_ name: String) -> Bool { model.withLock { $0.queues[name] != nil } }

    /// Whether an exchange named `name` exists.
    public func hasExchange(_ name: String) -> Bool { model.withLock { $0.exchanges[name] != nil } }

    /// The messages ready in `queue`, oldest first (not those delivered and unacknowledged);
    /// `nil` when there is no such queue.
    public func readyMessages(in queue: String) -> [InMemoryMessage]? {
        model.withLock { model in
            model.queues[queue]?.ready.map(\.inspected)
        }
    }

    /// How many deliveries of `queue` are handed out and not yet settled, over every channel.
    public func unacknowledgedCount(in queue: String) -> Int {
        model.withLock { model in
            model.connections.values.reduce(0) { total, connection in
                total + connection.channels.values.reduce(0) { $0 + $1.unsettled.count { $0.queue == queue } }
            }
        }
    }
}

/// A message as it sits in an ``InMemoryBroker`` queue.
public struct InMemoryMessage: Sendable, Equatable {
    /// The exchange it was published (or dead-lettered) to.
    public var exchange: String
    /// The routing key it was published (or dead-lettered) with.
    public var routingKey: String
    /// Its properties, headers included (`x-death` after dead-lettering).
    public var properties: BasicProperties
    /// Its body.
    public var body: [UInt8]
    /// Whether it was delivered before and requeued.
    public var redelivered: Bool
}

extension InMemoryBroker {
    /// Sets a queue policy, as `rabbitmqctl set_policy NAME PATTERN DEFINITION --apply-to queues`
    /// does, with the definition keys the broker understands: `dead-letter-exchange`,
    /// `dead-letter-routing-key`, `message-ttl`. It applies to queues declared before and
    /// after; a queue's own arguments win over it (the lower TTL wins). Setting a policy
    /// with the name of an existing one replaces it.
    ///
    /// - Throws: the regular expression's error when `pattern` is not one.
    public func setPolicy(
        _ name: String, pattern: String, priority: Int = 0, deadLetterExchange: String? = nil,
        deadLetterRoutingKey: String? = nil, messageTTL: Int64? = nil
    ) throws {
        _ = try Regex(pattern)
        let policy = PolicyEntity(
            name: name, pattern: pattern, priority: priority, deadLetterExchange: deadLetterExchange,
            deadLetterRoutingKey: deadLetterRoutingKey, messageTTL: messageTTL)
        update { model in
            model.policies.removeAll { $0.name == name }
            model.policies.append(policy)
            for queue in model.queues.keys.sorted() { model.dispatch(queue) }
        }
    }
}
