import HutchAMQP
import HutchConventions

/// A real `basic.consume` whose deliveries are buffered as they arrive, so that a
/// check can wait for the next one with a deadline (a delay queue that never
/// dead-letters must be told apart from one that is merely slow).
final class LiveConsumer: Sendable {
    /// What the consumer received, and how its delivery stream ended.
    private actor Inbox {
        var deliveries: [IncomingDelivery] = []
        var ending: AMQPError?
        var ended = false

        func append(_ delivery: IncomingDelivery) { deliveries.append(delivery) }
        func end(_ error: AMQPError?) {
            ending = error
            ended = true
        }
        func pop() -> IncomingDelivery? { deliveries.isEmpty ? nil : deliveries.removeFirst() }
        var isEnded: Bool { ended && deliveries.isEmpty }
    }

    /// The consumer tag.
    let tag: String
    /// The channel it runs on.
    let channel: UInt16
    private let inbox = Inbox()
    private let reader: Task<Void, Never>

    private init(tag: String, channel: UInt16, deliveries: AMQPDeliveries) {
        self.tag = tag
        self.channel = channel
        let inbox = self.inbox
        self.reader = Task {
            do throws(AMQPError) {
                for try await delivery in deliveries { await inbox.append(delivery) }
                await inbox.end(nil)
            } catch {
                await inbox.end(error)
            }
        }
    }

    /// Starts consuming `queue` on `channel` with manual acknowledgement, as Hutch does.
    static func start(queue: String, tag: String, on channel: UInt16, connection: AMQPConnection) async throws(AMQPError) -> LiveConsumer {
        let deliveries = try await connection.consume(BasicConsume(queue: queue, consumerTag: tag), on: channel)
        return LiveConsumer(tag: tag, channel: channel, deliveries: deliveries)
    }

    /// The next delivery, or `nil` when none arrives within `timeout` (or the consumer ended).
    func next(within timeout: Duration) async -> IncomingDelivery? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let delivery = await inbox.pop() { return delivery }
            if await inbox.isEnded || ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(15))
        }
    }

    /// The error that ended the deliveries (the broker closed the channel), if any.
    var endingError: AMQPError? {
        get async { await inbox.ending }
    }

    /// Stops reading (the connection or channel is closed by the caller).
    func stop() { reader.cancel() }
}
