import Hutch
import HutchAMQP
import HutchConventions

/// Reads, re-delivers and purges `<exchange>_dead_queue`, the queue where the worker puts
/// messages that used up their attempts (``HutchClientSettings/deadQueue``).
///
/// Re-delivery never loses a message, whenever the process dies: each message is taken
/// without acknowledgement, its copy is published to the main exchange with its original
/// routing key and confirmed by the broker (a copy no queue would receive is returned,
/// and its original stays), and only then is the original acknowledged. Dying before the
/// confirm leaves the original in the dead queue (the copy may or may not have arrived);
/// dying between the confirm and the acknowledgement leaves the message in both places:
/// a duplicate, never a loss. Messages not selected are held unacknowledged while the
/// re-delivery runs and go back to their place when it ends.
package struct DeadQueueTool: Sendable {
    /// The connection to use.
    package var connection: AMQPConnection
    /// The dead queue and its main exchange.
    package var deadQueue: DeadQueue
    /// How failures are counted for display (the counter header, else `x-death`).
    package var counter: RetryCountHeader
    /// How long each confirm may take.
    package var confirmTimeout: Duration

    /// A tool for `deadQueue` on `connection`.
    package init(
        connection: AMQPConnection, deadQueue: DeadQueue, counter: RetryCountHeader = RetryCountHeader(),
        confirmTimeout: Duration = .seconds(30)
    ) {
        self.connection = connection
        self.deadQueue = deadQueue
        self.counter = counter
        self.confirmTimeout = confirmTimeout
    }

    private var missing: OperatorError {
        OperatorError(
            step: "reading \(deadQueue.queueName)", expected: "the dead queue (a worker with deadQueue on declares it)",
            found: "no such queue")
    }

    /// The ready count and the first `limit` messages, left in the queue.
    package func list(limit: Int) async throws -> DeadQueueListing {
        guard let (ready, deliveries) = try await QueuePeek(connection: connection, queue: deadQueue.queueName).peek(limit: limit) else {
            throw missing
        }
        let messages = deliveries.enumerated().map { DeadMessage(position: $0.offset + 1, delivery: $0.element, counter: counter) }
        return DeadQueueListing(queue: deadQueue.queueName, ready: ready, messages: messages)
    }

    /// Removes every ready message (`queue.purge`); returns how many.
    package func purge() async throws -> UInt32 {
        let channel = try await connection.openChannel()
        let purged: UInt32
        do {
            purged = try await connection.purgeQueue(deadQueue.queueName, on: channel)
        } catch {
            if error.code == .notFound { throw missing }
            throw error
        }
        try await connection.closeChannel(channel)
        return purged
    }

    /// Re-publishes the selected messages to the main exchange with their original
    /// routing key, carrying `history`, and removes each from the dead queue once the
    /// broker confirmed its copy (see the type's documentation).
    ///
    /// Only the messages ready when it starts are examined. `afterPublish` runs after a
    /// copy is confirmed and before its original is acknowledged.
    ///
    /// - Throws: ``OperatorError`` when there is no dead queue; ``RedeliveryInterrupted``
    ///   when the broker or connection failed midway.
    package func redeliver(
        _ selection: DeadMessageSelection, history: RetryHistory,
        afterPublish: (@Sendable (DeadMessage) async -> Void)? = nil
    ) async throws -> RedeliveryReport {
        guard let ready = try await QueuePeek(connection: connection, queue: deadQueue.queueName).readyCount() else { throw missing }
        var report = RedeliveryReport()
        let channel = try await connection.openChannel()
        do {
            try await connection.confirmSelect(on: channel)
            while report.examined < Int(ready), let fetched = try await connection.get(queue: deadQueue.queueName, on: channel) {
                report.examined += 1
                let message = DeadMessage(position: report.examined, delivery: fetched.delivery, counter: counter)
                guard selection.selects(message) else { continue }
                let entry = RedeliveryReport.Entry(
                    position: message.position, messageID: message.messageID, routingKey: message.originalRoutingKey)
                var properties = message.delivery.properties
                properties.headers = history.headers(properties.headers)
                do {
                    try await connection.publishConfirmed(
                        BasicPublish(exchange: deadQueue.exchange, routingKey: message.originalRoutingKey), properties: properties,
                        body: message.delivery.body, on: channel, timeout: confirmTimeout, failWhenUnroutable: true)
                } catch {
                    guard error.code == .publishReturned else { throw error }
                    report.unroutable.append(entry)
                    continue
                }
                await afterPublish?(message)
                try await connection.ack(fetched.delivery)
                report.moved.append(entry)
            }
            try await connection.closeChannel(channel)
        } catch {
            try? await connection.closeChannel(channel)
            throw RedeliveryInterrupted(report: report, reason: "\(error)")
        }
        return report
    }
}
