import HutchAMQP

/// Opens a connection with `connect` and its channel 1, runs `body`, then deletes `queues`
/// and `exchanges` on a fresh connection from `connect` (even when `body` throws) and
/// closes both. `transport` views the connection as the calls every transport has (for a
/// concrete connection or an `any AMQPTransport` alike: `{ $0 }`).
package func withChannelOne<Connection>(
    connect: () async throws -> Connection, transport: (Connection) -> any AMQPTransport,
    queues: [String], exchanges: [String], _ body: (Connection) async throws -> Void
) async throws {
    let connection = try await connect()
    var failure: (any Error)?
    do {
        try await transport(connection).openChannel(1)
        try await body(connection)
    } catch {
        failure = error
    }
    await transport(connection).close()
    if !queues.isEmpty || !exchanges.isEmpty {
        let cleaner = transport(try await connect())
        try await cleaner.openChannel(1)
        for queue in queues { _ = try? await cleaner.deleteQueue(queue, ifUnused: false, ifEmpty: false, on: 1) }
        for exchange in exchanges { try? await cleaner.deleteExchange(exchange, ifUnused: false, on: 1) }
        await cleaner.close()
    }
    if let failure { throw failure }
}
