import Hutch
import HutchAMQP
import HutchConventions

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One message in `<exchange>_dead_queue`, as the worker put it there
/// (``DeadQueue/message(for:originalRoutingKey:)``): routing key
/// `dead_queue.<original routing key>`, body and properties as the consumer received them.
package struct DeadMessage: Sendable, Equatable {
    /// Its place in the queue when it was read, from 1 (the oldest).
    package var position: Int
    /// The message as taken from the queue.
    package var delivery: IncomingDelivery
    /// The routing key it was first published with, which names its consumer: the
    /// delivery's key without the `dead_queue.` prefix (the key itself when it has none);
    /// for a key of a delay level (`<exchange>.schedule.<N>s`, a message dead-lettered
    /// straight from a delay queue) its first `CC` key, as the worker reads it.
    package var originalRoutingKey: String
    /// How often it failed before it was dead-queued: the counter header when present,
    /// else hutch-schedule's `x-death` count for ``originalRoutingKey``
    /// (``RetryCountHeader/failureCount(headers:routingKeys:)``).
    package var failureCount: Int
    /// The earliest and latest `time` of its `x-death` entries (RabbitMQ keeps one entry
    /// per queue and reason, updated in place); `nil` without `x-death`.
    package var firstFailure: Date?
    /// See ``firstFailure``.
    package var lastFailure: Date?

    /// Reads `delivery`, found at `position`, counting failures with `counter`.
    package init(position: Int, delivery: IncomingDelivery, counter: RetryCountHeader = RetryCountHeader()) {
        self.position = position
        self.delivery = delivery
        self.originalRoutingKey = Self.originalRoutingKey(delivery)
        self.failureCount = counter.failureCount(headers: delivery.properties.headers, routingKeys: [originalRoutingKey])
        let times = Self.deathTimes(delivery.properties.headers)
        self.firstFailure = times.min().map { Date(timeIntervalSince1970: TimeInterval($0)) }
        self.lastFailure = times.max().map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The message id (`message_id` property), when it has one.
    package var messageID: String? { delivery.properties.messageID }

    /// The body as text, at most `limit` characters (`…` marks a cut); bytes that are not
    /// UTF-8 are shown as `\u{FFFD}`. Escape it before printing it on a terminal.
    package func bodyPreview(limit: Int) -> String {
        let text = String(decoding: delivery.body, as: UTF8.self)
        return text.count > limit ? String(text.prefix(max(limit, 0))) + "…" : text
    }

    private static func originalRoutingKey(_ delivery: IncomingDelivery) -> String {
        let key = delivery.routingKey
        let stripped = key.hasPrefix(DeadQueue.routingKeyPrefix) ? String(key.dropFirst(DeadQueue.routingKeyPrefix.count)) : key
        guard DelayLevel.all.contains(where: { stripped.hasSuffix(".schedule.\($0.suffix)") }),
            case .array(let keys)? = delivery.properties.headers?["CC"], let first = keys.first?.stringValue
        else { return stripped }
        return first
    }

    private static func deathTimes(_ headers: FieldTable?) -> [UInt64] {
        guard case .array(let entries)? = headers?["x-death"] else { return [] }
        return entries.compactMap { entry in
            guard case .table(let table) = entry, case .timestamp(let seconds)? = table["time"] else { return nil }
            return seconds
        }
    }
}
