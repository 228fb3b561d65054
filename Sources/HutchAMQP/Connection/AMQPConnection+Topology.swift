import HutchConventions

extension AMQPConnection {
    /// Sends a declaration and waits for its `-ok` (unless the method is `no-wait`):
    /// `exchange.declare`, `queue.declare` (returning its `declare-ok`), `queue.bind` or
    /// `basic.qos`. Other methods throw ``AMQPError/Code-swift.struct/unsupportedMethod``.
    ///
    /// A 406 `PRECONDITION_FAILED` (redeclaring with other arguments) or 404 `NOT_FOUND`
    /// (binding to a missing exchange) closes the channel; the error says why, and
    /// ``AMQPError/inequivalentArgument`` names the argument.
    @discardableResult
    package func declare(_ method: AMQPMethod, on channel: UInt16) async throws(AMQPError) -> QueueDeclareOK? {
        try await run(AMQPError.Operation(method.name), channel: channel) { core throws(AMQPError) in
            try core.declare(method, channel: channel)
        }
    }

    /// Deletes a queue (`queue.delete`); returns how many messages went with it.
    @discardableResult
    package func deleteQueue(
        _ queue: String, ifUnused: Bool = false, ifEmpty: Bool = false, on channel: UInt16
    ) async throws(AMQPError) -> UInt32 {
        try await run(.queueDelete, channel: channel) { core throws(AMQPError) in
            try core.deleteQueue(queue, ifUnused: ifUnused, ifEmpty: ifEmpty, channel: channel)
        }
    }

    /// Removes every ready message from a queue (`queue.purge`); returns how many.
    @discardableResult
    package func purgeQueue(_ queue: String, on channel: UInt16) async throws(AMQPError) -> UInt32 {
        try await run(.queuePurge, channel: channel) { core throws(AMQPError) in try core.purgeQueue(queue, channel: channel) }
    }

    /// Deletes an exchange (`exchange.delete`).
    package func deleteExchange(_ exchange: String, ifUnused: Bool = false, on channel: UInt16) async throws(AMQPError) {
        try await run(.exchangeDelete, channel: channel) { core throws(AMQPError) in
            try core.deleteExchange(exchange, ifUnused: ifUnused, channel: channel)
        }
    }
}
