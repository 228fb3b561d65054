import HutchAMQP
import HutchConventions

extension Publisher {
    /// Sends `messages` all at once and waits until each has its answer: the way to keep
    /// many confirms in flight without building a task group.
    ///
    /// One confirmed publish at a time waits a round trip to the broker per message; here
    /// the messages are written together on the publishing channel (one hand-off to the
    /// connection's I/O thread, written in one turn of its loop, in the order given) and
    /// the broker's `basic.ack`s — often one `multiple` ack for many — settle them as they
    /// come; the caller is resumed once, when the last answer came. Each message gets the
    /// answer ``send(_:confirm:)`` would give it: all within one
    /// ``HutchClientSettings/publishTimeout`` from the call, ``UnroutableMessage`` for a
    /// returned `mandatory` one, `AMQPError.Code.publishNacked` for a nacked one (the
    /// channel is replaced once), and a message that meets a lost connection is sent again
    /// on the next one, alone, as ``send(_:confirm:)`` retries; so one failure neither
    /// stops nor fails the others.
    ///
    /// ```swift
    /// let messages = try orders.map { try Publisher.message("orders.created", $0, configuration: settings.publisherConfiguration) }
    /// for (order, result) in zip(orders, await publisher.sendAll(messages, confirm: true)) {
    ///     if case .failure(let error) = result { logger.error("order \(order.id) not confirmed: \(error)") }
    /// }
    /// ```
    ///
    /// Without confirms, or with metrics or tracing on (``ObservabilitySettings``: one
    /// span per message), each message is sent by its own task as ``send(_:confirm:)`` sends
    /// it, concurrently: the broker may then receive them in another order than given.
    ///
    /// - Parameters:
    ///   - messages: the messages to publish, each built as ``send(_:confirm:)`` takes it.
    ///   - confirm: wait for the broker's confirms; `nil` follows
    ///     ``HutchClientSettings/publisherConfirms``.
    /// - Returns: one result per message, in the order of `messages`: success, or the error
    ///   ``send(_:confirm:)`` would have thrown for it.
    public func sendAll(_ messages: [OutgoingMessage], confirm: Bool? = nil) async -> [Result<Void, any Error>] {
        guard confirm ?? settings.publisherConfirms, messages.count > 1, !observability.isActive else {
            return await concurrently(messages) { try await self.send($0, confirm: confirm) }
        }
        return await sendConfirmedTogether(messages)
    }

    /// The confirmed batch of ``sendAll(_:confirm:)``.
    private func sendConfirmedTogether(_ messages: [OutgoingMessage]) async -> [Result<Void, any Error>] {
        let deadline = ContinuousClock.now + settings.publishTimeout
        var amqp: any AMQPTransport
        var left: Duration
        var key: PublishingChannel
        var inConfirmMode: Bool?
        repeat {
            do {
                (amqp, key, _) = try await channel(for: messages[0], until: deadline)
            } catch {
                return messages.map { .failure(Self.retargeted(error, to: $0)) }
            }
            left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return messages.map { .failure(timeout(waitingFor: .connection, $0)) } }
            inConfirmMode = channels.withLock { $0.begin(key, count: messages.count) }
        } while inConfirmMode == nil  // retired while the batch waited for it: the current one
        let confirmTimeout = min(settings.confirmTimeout, left)
        let answers: [Result<Void, AMQPError>]
        do throws(AMQPError) {
            if inConfirmMode != true { try await selectConfirms(key, on: amqp) }
            answers = await amqp.publishConfirmedAll(messages, on: key.number, timeout: confirmTimeout, blockedTimeout: left)
        } catch {
            answers = Array(repeating: .failure(error), count: messages.count)
        }
        if channels.withLock({ $0.finish(key, count: messages.count) }) { await Self.close(key.number, on: amqp) }
        var results = [Result<Void, any Error>](repeating: .success(()), count: messages.count)
        var again: [Int] = []
        // The most any failure asks of the channel, done once for the whole batch (a
        // channel is closed, retired or forgotten once).
        var strongest: (reaction: ChannelReaction, error: AMQPError)?
        for (index, answer) in answers.enumerated() {
            guard case .failure(let error) = answer else { continue }
            let reaction = ChannelReaction(to: error)
            if strongest.map({ reaction > $0.reaction }) ?? true { strongest = (reaction, error) }
            if reaction == .reconnect, maxAttempts > 1 {
                again.append(index)
            } else {
                results[index] = .failure(reported(error, for: messages[index], confirmTimeout: confirmTimeout))
            }
        }
        guard let strongest else { return results }
        await react(strongest.reaction, to: strongest.error, on: key, of: amqp)
        // Messages to send again: the strongest failure is then the lost connection.
        guard !again.isEmpty else { return results }
        logger.warning(
            "publishes met a lost connection, retrying them on a new one",
            metadata: ["count": "\(again.count)", "error": "\(strongest.error)"])
        let retried = await concurrently(again.map { messages[$0] }) {
            try await self.deliver($0, confirmed: true, until: deadline, attempt: 2)
        }
        for (index, result) in zip(again, retried) { results[index] = result }
        return results
    }

    /// `send` run for each message in a task of its own, concurrently; the results in the
    /// order of `messages`.
    private func concurrently(
        _ messages: [OutgoingMessage], _ send: @escaping @Sendable (OutgoingMessage) async throws -> Void
    ) async -> [Result<Void, any Error>] {
        await withTaskGroup(of: (Int, Result<Void, any Error>).self) { group in
            for (index, message) in messages.enumerated() {
                group.addTask {
                    do {
                        try await send(message)
                        return (index, .success(()))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<Void, any Error>?](repeating: nil, count: messages.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0 ?? .failure(CancellationError()) }
        }
    }

    /// `error` as the publish of `message` reports it: a ``PublishTimeout`` names the
    /// message's exchange and routing key.
    private static func retargeted(_ error: any Error, to message: OutgoingMessage) -> any Error {
        guard var timeout = error as? PublishTimeout else { return error }
        timeout.exchange = message.exchange
        timeout.routingKey = message.routingKey
        return timeout
    }
}
