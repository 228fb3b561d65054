import HutchAMQP
import HutchConventions

/// An exchange of the ``InMemoryBroker``.
struct ExchangeEntity {
    var name: String
    var type: ExchangeKind
    var durable: Bool
    var autoDelete: Bool
    var `internal`: Bool
    var arguments: FieldTable
    var bindings: [BindingEntity] = []
}

/// The exchange types the double routes (RabbitMQ's built-in ones).
enum ExchangeKind: String {
    case direct, topic, fanout, headers
}

/// A binding of a queue to an exchange.
struct BindingEntity: Equatable {
    var queue: String
    var routingKey: String
    var arguments: FieldTable
}

/// A message in a queue, or delivered and not yet settled.
struct StoredMessage {
    /// Publish order across the broker: requeued messages go back in this order.
    var sequence: UInt64
    var exchange: String
    var routingKey: String
    var properties: BasicProperties
    var body: [UInt8]
    var redelivered = false
    /// When the message expires, in the broker clock's milliseconds; `nil`: never.
    var expiresAt: Int64?
}

/// A queue of the ``InMemoryBroker``.
struct QueueEntity {
    var name: String
    var durable: Bool
    var autoDelete: Bool
    /// The connection that declared it exclusive.
    var exclusiveOwner: ConnectionID?
    var arguments: FieldTable
    /// Ready messages, oldest first.
    var ready: [StoredMessage] = []
    /// Its consumers, in the order the next delivery tries them.
    var consumers: [ConsumerRef] = []
    /// The consumer that subscribed `exclusive`, while it lasts.
    var exclusiveConsumer: ConsumerRef?
    /// Whether a consumer ever subscribed (an auto-delete queue goes with its last one).
    var hadConsumer = false
}

/// Names one connection of the broker.
typealias ConnectionID = Int

/// Names one consumer: connection, channel, tag.
struct ConsumerRef: Hashable {
    var connection: ConnectionID
    var channel: UInt16
    var tag: String
}

/// A consumer on a channel.
struct ConsumerEntity {
    var queue: String
    var noAck: Bool
    var feed: DeliveryFeed
    /// Its `basic.qos` limit (0: none), fixed when it subscribed (RabbitMQ's per-consumer prefetch).
    var prefetch: UInt16
    var unacknowledged = 0
}

/// A delivery handed out with manual acknowledgement and not settled yet.
struct UnsettledDelivery {
    var tag: UInt64
    var queue: String
    var message: StoredMessage
    /// `nil` for a `basic.get`.
    var consumerTag: String?
}

/// A channel of one connection.
struct ChannelEntity {
    var consumers: [String: ConsumerEntity] = [:]
    /// Ascending by tag.
    var unsettled: [UnsettledDelivery] = []
    var nextDeliveryTag: UInt64 = 1
    /// `basic.qos` without `global`: the limit of consumers subscribing from now on.
    var consumerPrefetch: UInt16 = 0
    /// `basic.qos` with `global`: the limit of the whole channel (0: none).
    var channelPrefetch: UInt16 = 0
    var confirmMode = false
    /// The delivery tag the next publish gets in confirm mode.
    var nextPublishTag: UInt64 = 1
    var returnHandler: (@Sendable (ReturnedMessage) -> Void)?
}

/// A request held while the broker blocks its connection.
struct HeldCall {
    var deadline: Int64
    var patience: Duration
    var operation: AMQPError.Operation
    var channel: UInt16?
    var resume: @Sendable (AMQPError?) -> Void
}

/// One client connection of the broker.
struct ConnectionEntity {
    /// `nil` while open; the failure (or `nil` inside for a graceful close) once closed.
    var closed: AMQPError?? = nil
    var channels: [UInt16: ChannelEntity] = [:]
    /// Channels the broker closed, with why, until they are opened again.
    var endedChannels: [UInt16: AMQPError] = [:]
    var blockedReason: String?
    var blockedSince: Int64?
    var unblockObservers: [@Sendable (BlockedEpisode) -> Void] = []
    var held: [HeldCall] = []
    /// Confirmed publishes still to be nacked (fault injection).
    var publishesToNack = 0

    var isOpen: Bool { closed == nil }
}
