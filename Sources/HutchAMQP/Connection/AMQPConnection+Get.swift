extension AMQPConnection {
    /// Takes one message from `queue` (`basic.get`), or returns `nil` when the queue has
    /// none ready (`basic.get-empty`).
    ///
    /// Without `autoAck` the message stays the broker's until it is acknowledged on
    /// `channel`; when the channel or connection closes first (the process dies, say),
    /// the broker puts it back in the queue.
    ///
    /// - Throws: ``AMQPError``: 404 NOT_FOUND for a missing queue (the channel closes), or
    ///   the error that closed the channel or connection.
    package func get(queue: String, autoAck: Bool = false, on channel: UInt16) async throws(AMQPError) -> FetchedMessage? {
        try await run(.get, channel: channel) { core throws(AMQPError) in try core.get(queue: queue, autoAck: autoAck, channel: channel) }
    }
}
