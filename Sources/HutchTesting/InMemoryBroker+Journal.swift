import HutchAMQP
import HutchConventions

/// What happened to a delivery: how the client settled it.
public enum InMemorySettlement: Sendable, Equatable {
    /// `basic.ack`.
    case acked
    /// `basic.nack` or `basic.reject` with requeue: back in the queue, redelivered next.
    case requeued
    /// `basic.reject` without requeue: dropped or dead-lettered.
    case rejected
    /// `basic.nack` without requeue: dropped or dead-lettered.
    case nacked
}

/// One entry of an ``InMemoryBroker``'s journal.
public enum InMemoryEvent: Sendable, Equatable {
    /// A client published a message to `exchange`; it went to `queues` (none: unroutable,
    /// or refused by every queue it reached, full with `x-overflow: reject-publish`).
    case published(exchange: String, routingKey: String, message: InMemoryMessage, queues: [String])
    /// A client settled a delivery (or a `basic.get`) of a message from `queue`.
    case settled(queue: String, message: InMemoryMessage, InMemorySettlement)
    /// The broker dead-lettered a message leaving `queue` for `reason` (`rejected`,
    /// `expired`, `maxlen`) to `exchange`; it went to `queues`.
    case deadLettered(queue: String, reason: String, exchange: String, message: InMemoryMessage, queues: [String])
}

extension InMemoryBroker {
    /// Everything clients published and settled and the broker dead-lettered, oldest first.
    public var journal: [InMemoryEvent] { model.withLock { $0.journal } }

    /// How the deliveries of `queue` were settled, in order, each with its message.
    public func settlements(in queue: String) -> [(message: InMemoryMessage, settlement: InMemorySettlement)] {
        journal.compactMap { event in
            guard case .settled(queue, let message, let settlement) = event else { return nil }
            return (message, settlement)
        }
    }

    /// The messages published to `exchange`, in order.
    public func published(to exchange: String) -> [InMemoryMessage] {
        journal.compactMap { event in
            guard case .published(exchange, _, let message, _) = event else { return nil }
            return message
        }
    }

    /// Waits until `condition` holds, checking after every change of the broker; throws
    /// ``InMemoryBrokerTimeout`` (saying `what` did not happen) when `timeout` passes first.
    /// For what a consumer running on its own task does (the worker acks after its
    /// handler returns); the broker's own work is done when a call returns.
    public func waitUntil(
        _ what: String, timeout: Duration = .seconds(10), _ condition: @escaping @Sendable (InMemoryBroker) -> Bool
    ) async throws(InMemoryBrokerTimeout) {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            guard ContinuousClock.now < deadline else { throw InMemoryBrokerTimeout(what: what, timeout: timeout) }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// ``InMemoryBroker/waitUntil(_:timeout:_:)`` gave up.
public struct InMemoryBrokerTimeout: Error, CustomStringConvertible {
    /// What was awaited.
    public var what: String
    /// How long it was awaited.
    public var timeout: Duration

    /// `"<what> did not happen within <timeout>"`.
    public var description: String { "\(what) did not happen within \(timeout)" }
}

extension StoredMessage {
    /// The message as tests see it.
    var inspected: InMemoryMessage {
        InMemoryMessage(exchange: exchange, routingKey: routingKey, properties: properties, body: body, redelivered: redelivered)
    }
}
