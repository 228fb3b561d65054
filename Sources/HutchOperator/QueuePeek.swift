import HutchAMQP
import HutchConventions

/// Reading a queue without taking anything from it: how many messages are ready, and
/// the first few, fetched without acknowledgement on a channel of their own that is then
/// closed, so the broker puts them back where they were (flagged `redelivered`).
///
/// While they are held (milliseconds), those messages are not delivered to consumers
/// and their per-message TTL does not run out.
struct QueuePeek: Sendable {
    let connection: AMQPConnection
    let queue: String

    /// The messages ready in the queue (a passive `queue.declare`), or `nil` when there
    /// is no such queue.
    func readyCount() async throws -> UInt32? {
        let channel = try await connection.openChannel()
        let ok: QueueDeclareOK?
        do {
            ok = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: channel)
        } catch {
            if error.code == .notFound { return nil }  // the broker closed the channel
            throw error
        }
        try await connection.closeChannel(channel)
        return ok?.messageCount ?? 0
    }

    /// The ready count and the first `limit` messages, left in the queue.
    func peek(limit: Int) async throws -> (ready: UInt32, messages: [IncomingDelivery])? {
        guard let ready = try await readyCount() else { return nil }
        let channel = try await connection.openChannel()
        var messages: [IncomingDelivery] = []
        while messages.count < min(limit, Int(ready)), let fetched = try await connection.get(queue: queue, on: channel) {
            messages.append(fetched.delivery)
        }
        try await connection.closeChannel(channel)
        if !messages.isEmpty { try await waitUntilRequeued(ready) }
        return (ready, messages)
    }

    /// RabbitMQ puts the fetched messages back after the channel's `close-ok`, not before
    /// it: a redelivery started right after a listing would find the queue short of them.
    /// Waits until `ready` messages are ready again, for `patience` at most (a consumer of
    /// the queue may take some in the meantime: then the count never comes back).
    private func waitUntilRequeued(_ ready: UInt32, patience: Duration = .seconds(5)) async throws {
        let giveUp = ContinuousClock.now + patience
        while let count = try await readyCount(), count < ready, ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
