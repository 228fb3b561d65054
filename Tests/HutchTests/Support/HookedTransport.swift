import HutchAMQP
import HutchConventions
import HutchTesting

/// An in-memory connection with a hook before each `basic.consume` and declaration: the
/// test acts on the broker at an exact point of the client's work (after a worker's first
/// consumer started, before the next), which no timing from outside can hit reliably. It
/// also counts the client's `channel.close` calls. Everything else goes straight to the
/// connection.
final class HookedTransport: AMQPTransport {
    /// The calls with a hook before them.
    enum Call: Sendable { case consume, declare }

    let inner: InMemoryConnection
    /// Called with the call about to go out, its number among those calls (1 for the first
    /// on this connection), its channel and the connection.
    private let before: @Sendable (Call, Int, UInt16, InMemoryConnection) async -> Void
    private let counts = Locked([Call: Int]())
    private let closes = Locked(0)

    /// How many `channel.close` calls the client made (answered or not).
    var channelCloseCount: Int { closes.value }

    init(_ inner: InMemoryConnection, before: @escaping @Sendable (Call, Int, UInt16, InMemoryConnection) async -> Void) {
        self.inner = inner
        self.before = before
    }

    private func hook(_ call: Call, on channel: UInt16) async {
        let number = counts.withLock { counts in
            counts[call, default: 0] += 1
            return counts[call, default: 0]
        }
        await before(call, number, channel, inner)
    }

    func consume(_ method: BasicConsume, on channel: UInt16) async throws(AMQPError) -> AMQPDeliveries {
        await hook(.consume, on: channel)
        return try await inner.consume(method, on: channel)
    }

    var serverProperties: ServerProperties { inner.serverProperties }
    var isBlocked: Bool { inner.isBlocked }
    var blockedReason: String? { inner.blockedReason }
    func observeUnblocking(_ observer: @escaping @Sendable (BlockedEpisode) -> Void) { inner.observeUnblocking(observer) }
    func openChannel() async throws(AMQPError) -> UInt16 { try await inner.openChannel() }
    func openChannel(_ channel: UInt16) async throws(AMQPError) { try await inner.openChannel(channel) }
    func closeChannel(_ channel: UInt16) async throws(AMQPError) {
        closes.withLock { $0 += 1 }
        try await inner.closeChannel(channel)
    }
    func declare(_ method: AMQPMethod, on channel: UInt16) async throws(AMQPError) -> QueueDeclareOK? {
        await hook(.declare, on: channel)
        return try await inner.declare(method, on: channel)
    }
    func deleteQueue(_ queue: String, ifUnused: Bool, ifEmpty: Bool, on channel: UInt16) async throws(AMQPError) -> UInt32 {
        try await inner.deleteQueue(queue, ifUnused: ifUnused, ifEmpty: ifEmpty, on: channel)
    }
    func purgeQueue(_ queue: String, on channel: UInt16) async throws(AMQPError) -> UInt32 {
        try await inner.purgeQueue(queue, on: channel)
    }
    func deleteExchange(_ exchange: String, ifUnused: Bool, on channel: UInt16) async throws(AMQPError) {
        try await inner.deleteExchange(exchange, ifUnused: ifUnused, on: channel)
    }
    func publish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16, blockedTimeout: Duration
    ) async throws(AMQPError) {
        try await inner.publish(method, properties: properties, body: body, on: channel, blockedTimeout: blockedTimeout)
    }
    func queuePublish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16, blockedTimeout: Duration,
        failed: @escaping @Sendable (OutgoingMessage, AMQPError) -> Void
    ) async throws(AMQPError) {
        try await inner.queuePublish(
            method, properties: properties, body: body, on: channel, blockedTimeout: blockedTimeout, failed: failed)
    }
    func onReturn(channel: UInt16, _ handler: (@Sendable (ReturnedMessage) -> Void)?) async throws(AMQPError) {
        try await inner.onReturn(channel: channel, handler)
    }
    func confirmSelect(on channel: UInt16) async throws(AMQPError) { try await inner.confirmSelect(on: channel) }
    func publishConfirmed(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16,
        timeout: Duration, blockedTimeout: Duration, failWhenUnroutable: Bool
    ) async throws(AMQPError) {
        try await inner.publishConfirmed(
            method, properties: properties, body: body, on: channel, timeout: timeout, blockedTimeout: blockedTimeout,
            failWhenUnroutable: failWhenUnroutable)
    }
    func cancel(consumerTag: String, on channel: UInt16) async throws(AMQPError) {
        try await inner.cancel(consumerTag: consumerTag, on: channel)
    }
    func get(queue: String, autoAck: Bool, on channel: UInt16) async throws(AMQPError) -> FetchedMessage? {
        try await inner.get(queue: queue, autoAck: autoAck, on: channel)
    }
    func ack(_ delivery: IncomingDelivery, multiple: Bool) async throws(AMQPError) { try await inner.ack(delivery, multiple: multiple) }
    func queueAck(_ delivery: IncomingDelivery, failed: @escaping @Sendable (AMQPError) -> Void) {
        inner.queueAck(delivery, failed: failed)
    }
    func nack(_ delivery: IncomingDelivery, multiple: Bool, requeue: Bool) async throws(AMQPError) {
        try await inner.nack(delivery, multiple: multiple, requeue: requeue)
    }
    func reject(_ delivery: IncomingDelivery, requeue: Bool) async throws(AMQPError) {
        try await inner.reject(delivery, requeue: requeue)
    }
    func close() async { await inner.close() }
}
