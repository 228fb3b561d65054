import HutchAMQP
import HutchConventions

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Looks into hutch-schedule's 21 delay queues: how many messages wait at each level,
/// when the oldest is due, and which consumers (routing keys, and with the management
/// API's bindings, queues) they will reach.
///
/// Messages are peeked without being taken (see ``QueuePeek``): they are held for
/// milliseconds, during which their TTL does not run.
package struct DelayInspector: Sendable {
    /// The connection to use.
    package var connection: AMQPConnection
    /// The topology settings (exchange, namespace).
    package var config: TopologyConfig
    /// The Ruby pairing, which decides the delay queues' names (namespaced before Hutch 1.4).
    package var profile: VersionProfile
    /// The most messages peeked per level to find their destinations.
    package var peekLimit: Int
    /// The main exchange's bindings, to name the queues a routing key reaches; `nil` to name keys only.
    package var bindings: [QueueBinding]?

    /// An inspector.
    package init(
        connection: AMQPConnection, config: TopologyConfig, profile: VersionProfile, peekLimit: Int = 100, bindings: [QueueBinding]? = nil
    ) {
        self.connection = connection
        self.config = config
        self.profile = profile
        self.peekLimit = peekLimit
        self.bindings = bindings
    }

    /// Every level, shortest first.
    package func inspect() async throws -> [DelayLevelStatus] {
        var levels: [DelayLevelStatus] = []
        for level in DelayLevel.all {
            let queue = level.delayQueueName(config: config, profile: profile)
            guard let (ready, messages) = try await QueuePeek(connection: connection, queue: queue).peek(limit: peekLimit) else {
                levels.append(
                    DelayLevelStatus(level: level, queue: queue, declared: false, waiting: 0, oldestDue: nil, peeked: 0, destinations: []))
                continue
            }
            levels.append(
                DelayLevelStatus(
                    level: level, queue: queue, declared: true, waiting: ready,
                    oldestDue: messages.first.flatMap { Self.due($0, level: level) },
                    peeked: messages.count, destinations: destinations(messages)))
        }
        return levels
    }

    /// `timestamp` + `expiration` (the level when it has none).
    static func due(_ message: IncomingDelivery, level: DelayLevel) -> Date? {
        guard let timestamp = message.properties.timestamp else { return nil }
        let milliseconds = message.properties.expiration.flatMap { Int64($0) } ?? Int64(level.seconds) * 1000
        return Date(timeIntervalSince1970: TimeInterval(timestamp) + TimeInterval(milliseconds) / 1000)
    }

    private func destinations(_ messages: [IncomingDelivery]) -> [DelayLevelStatus.Destination] {
        var counts: [(String, Int)] = []
        for message in messages {
            for key in Self.routingKeys(message) {
                if let index = counts.firstIndex(where: { $0.0 == key }) { counts[index].1 += 1 } else { counts.append((key, 1)) }
            }
        }
        return counts.sorted { $0.1 > $1.1 }.map { key, count in
            DelayLevelStatus.Destination(
                routingKey: key, messages: count,
                queues: bindings.map { QueueBinding.queues(in: $0, receiving: key) })
        }
    }

    /// The `CC` keys a delayed message carries (its consumer's routing key), else its routing key.
    static func routingKeys(_ message: IncomingDelivery) -> [String] {
        if case .array(let keys)? = message.properties.headers?["CC"] {
            let strings = keys.compactMap(\.stringValue)
            if !strings.isEmpty { return strings }
        }
        return [message.routingKey]
    }
}
