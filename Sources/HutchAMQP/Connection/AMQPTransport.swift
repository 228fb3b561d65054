import HutchConventions

/// What the client (`Publisher`, `Worker`, `HutchConnection`) needs from one open AMQP
/// connection: channels, declarations, publishing with and without confirms, consuming
/// and acknowledging, and the broker's flow-control state.
///
/// ``AMQPConnection`` (librabbitmq, one I/O thread) is the production conformer; the
/// in-memory broker of the `HutchTesting` product is the other, so the client's rules
/// (acknowledgement, retries, dead queue, reconnects) can be exercised without a socket.
/// Every requirement keeps ``AMQPConnection``'s meaning, errors included: a conformer
/// reports a broker refusal as the ``AMQPError`` (code and ``AMQPError/scope``) the
/// broker would have caused.
package protocol AMQPTransport: AnyObject, Sendable {
    /// What the broker said about itself (product, version, capabilities).
    var serverProperties: ServerProperties { get }
    /// Whether the broker has blocked this connection (`connection.blocked`).
    var isBlocked: Bool { get }
    /// The reason the broker gave for blocking the connection; `nil` while it is not blocked.
    var blockedReason: String? { get }
    /// Calls `observer` each time the broker lifts a `connection.blocked`.
    func observeUnblocking(_ observer: @escaping @Sendable (BlockedEpisode) -> Void)

    /// Opens a channel with the lowest free number and returns it.
    func openChannel() async throws(AMQPError) -> UInt16
    /// Opens the channel `channel`.
    func openChannel(_ channel: UInt16) async throws(AMQPError)
    /// Closes the channel `channel` (`channel.close`).
    func closeChannel(_ channel: UInt16) async throws(AMQPError)

    /// Sends a declaration (exchange, queue, binding, `basic.qos`) and waits for its `-ok`.
    @discardableResult
    func declare(_ method: AMQPMethod, on channel: UInt16) async throws(AMQPError) -> QueueDeclareOK?
    /// Deletes a queue and returns how many messages it held.
    @discardableResult
    func deleteQueue(_ queue: String, ifUnused: Bool, ifEmpty: Bool, on channel: UInt16) async throws(AMQPError) -> UInt32
    /// Purges a queue and returns how many messages it held.
    @discardableResult
    func purgeQueue(_ queue: String, on channel: UInt16) async throws(AMQPError) -> UInt32
    /// Deletes an exchange.
    func deleteExchange(_ exchange: String, ifUnused: Bool, on channel: UInt16) async throws(AMQPError)

    /// Publishes without waiting for the broker's verdict.
    nonisolated(nonsending) func publish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16, blockedTimeout: Duration
    ) async throws(AMQPError)
    /// Publishes without waiting for the message to be written; `failed` hears about a
    /// message that could not be written after the call returned.
    nonisolated(nonsending) func queuePublish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16, blockedTimeout: Duration,
        failed: @escaping @Sendable (OutgoingMessage, AMQPError) -> Void
    ) async throws(AMQPError)
    /// Hands every `basic.return` on `channel` to `handler` (`nil` drops them).
    func onReturn(channel: UInt16, _ handler: (@Sendable (ReturnedMessage) -> Void)?) async throws(AMQPError)
    /// Puts the channel in confirm mode (`confirm.select`).
    func confirmSelect(on channel: UInt16) async throws(AMQPError)
    /// Publishes on a channel in confirm mode and waits for the broker's `basic.ack`.
    nonisolated(nonsending) func publishConfirmed(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16,
        timeout: Duration, blockedTimeout: Duration, failWhenUnroutable: Bool
    ) async throws(AMQPError)
    /// Publishes `messages` on a channel in confirm mode, all at once, and returns each
    /// one's answer in order (`publishConfirmed` for each, `failWhenUnroutable` when the
    /// message is `mandatory`).
    nonisolated(nonsending) func publishConfirmedAll(
        _ messages: [OutgoingMessage], on channel: UInt16, timeout: Duration, blockedTimeout: Duration
    ) async -> [Result<Void, AMQPError>]

    /// Starts a consumer and returns its deliveries.
    func consume(_ method: BasicConsume, on channel: UInt16) async throws(AMQPError) -> AMQPDeliveries
    /// Cancels a consumer (`basic.cancel`).
    func cancel(consumerTag: String, on channel: UInt16) async throws(AMQPError)
    /// Fetches one message (`basic.get`), `nil` when the queue is empty.
    func get(queue: String, autoAck: Bool, on channel: UInt16) async throws(AMQPError) -> FetchedMessage?
    /// Acknowledges a delivery and waits until the ack is written.
    func ack(_ delivery: IncomingDelivery, multiple: Bool) async throws(AMQPError)
    /// Acknowledges a delivery without waiting; `failed` is called when it cannot be sent.
    func queueAck(_ delivery: IncomingDelivery, failed: @escaping @Sendable (AMQPError) -> Void)
    /// Negatively acknowledges a delivery (`basic.nack`).
    func nack(_ delivery: IncomingDelivery, multiple: Bool, requeue: Bool) async throws(AMQPError)
    /// Rejects a delivery (`basic.reject`).
    func reject(_ delivery: IncomingDelivery, requeue: Bool) async throws(AMQPError)

    /// Closes every channel and the connection gracefully; idempotent.
    func close() async
}

extension AMQPConnection: AMQPTransport {
    /// Opens librabbitmq connections: ``connect(_:)``.
    package static let connector: AMQPConnector = { options throws(AMQPError) in try await connect(options) }
}

/// Opens one connection with `options` (host, port, credentials, timeouts): what the
/// client's reconnecting connection calls for each address it tries.
/// ``AMQPConnection/connector`` opens librabbitmq connections; an in-memory broker
/// hands out its own.
package typealias AMQPConnector = @Sendable (ConnectionOptions) async throws(AMQPError) -> any AMQPTransport

extension AMQPTransport {
    /// One ``publishConfirmed(_:properties:body:on:timeout:blockedTimeout:failWhenUnroutable:)``
    /// after another, `timeout` counted from this call for all of them: for transports with
    /// nothing to gain from writing them together.
    package nonisolated(nonsending) func publishConfirmedAll(
        _ messages: [OutgoingMessage], on channel: UInt16, timeout: Duration, blockedTimeout: Duration
    ) async -> [Result<Void, AMQPError>] {
        let deadline = ContinuousClock.now + timeout
        var results: [Result<Void, AMQPError>] = []
        results.reserveCapacity(messages.count)
        for message in messages {
            do throws(AMQPError) {
                try await publishConfirmed(
                    message.method, properties: message.properties, body: message.body, on: channel,
                    timeout: max(.zero, ContinuousClock.now.duration(to: deadline)),
                    blockedTimeout: blockedTimeout, failWhenUnroutable: message.mandatory)
                results.append(.success(()))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// Negatively acknowledges one delivery (`multiple` false), as ``AMQPConnection``'s default does.
    package func nack(_ delivery: IncomingDelivery, requeue: Bool) async throws(AMQPError) {
        try await nack(delivery, multiple: false, requeue: requeue)
    }
}
