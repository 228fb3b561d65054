import HutchConventions

/// A connection to RabbitMQ over librabbitmq, safe to use from any task.
///
/// librabbitmq is blocking and not thread-safe, so each connection owns one dedicated OS
/// thread: every librabbitmq call for it runs there, never on Swift's cooperative pool.
/// The async methods queue their work to that thread and resume when it is done. Between
/// jobs the thread reads the broker's frames (deliveries, confirms, closes) and sends
/// heartbeats, so a publish never waits behind a blocking read.
///
/// ```swift
/// let connection = try await AMQPConnection.connect(ConnectionOptions(url: "amqp://guest:guest@localhost/"))
/// try await connection.openChannel(1)
/// try await connection.declare(.queueDeclare(QueueDeclare(queue: "jobs")), on: 1)
/// try await connection.publish(BasicPublish(exchange: "", routingKey: "jobs"), body: Array("hi".utf8), on: 1)
/// await connection.close()
/// ```
///
/// Failures are ``AMQPError``s. When the broker closes a channel (404, 406, …) only that
/// channel dies: later calls on it throw ``AMQPError/Code-swift.struct/channelClosed`` until it is
/// opened again. When the connection fails, every pending and later call throws that
/// failure and every consumer's deliveries end with it. ``AMQPError/scope`` tells the
/// three apart. A broker alarm (``isBlocked``) does not end the connection.
package final class AMQPConnection: Sendable {
    /// What the broker said about itself (product, version, capabilities).
    package let serverProperties: ServerProperties
    /// The limits agreed with the broker.
    package let tuning: ConnectionTuning
    let loop: ConnectionLoop
    /// Runs Swift tasks on this connection's I/O thread, for
    /// `withTaskExecutorPreference(_:operation:)`: calls made there on this connection
    /// cost no thread hand-off. Code run there must not block (see ``ConnectionExecutor``).
    package let executor: ConnectionExecutor
    /// The `frame_max` a publish is encoded with by its caller, before it is queued to the
    /// I/O thread (plain TCP); `nil` over TLS, where librabbitmq encodes what it writes.
    let callerFrameMax: UInt32?

    private init(loop: ConnectionLoop, serverProperties: ServerProperties, tuning: ConnectionTuning, callerFrameMax: UInt32?) {
        self.loop = loop
        self.executor = ConnectionExecutor(loop: loop)
        self.serverProperties = serverProperties
        self.tuning = tuning
        self.callerFrameMax = callerFrameMax
    }

    deinit {
        loop.stop()
    }

    /// Connects and logs in.
    ///
    /// - Throws: ``AMQPError`` with code ``AMQPError/Code-swift.struct/connectionRefused``,
    ///   ``AMQPError/Code-swift.struct/hostUnreachable``, ``AMQPError/Code-swift.struct/connectTimeout``,
    ///   ``AMQPError/Code-swift.struct/tlsFailed``, ``AMQPError/Code-swift.struct/authenticationFailed``,
    ///   ``AMQPError/Code-swift.struct/notAllowed`` (unknown vhost), …
    package static func connect(_ options: ConnectionOptions) async throws(AMQPError) -> AMQPConnection {
        guard let loop = ConnectionLoop() else {
            throw AMQPError(code: .libraryFailure, operation: .connect, detail: "no pipe for the I/O thread")
        }
        let result: Result<(server: ServerProperties, tuning: ConnectionTuning, frameWriterMax: UInt32?), AMQPError> =
            await withCheckedContinuation { continuation in
                let rejected = loop.submit { core in
                    do throws(AMQPError) {
                        continuation.resume(returning: .success(try core.connect(options)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
                if let rejected { continuation.resume(returning: .failure(rejected)) }
            }
        switch result {
        case .success(let opened):
            return AMQPConnection(
                loop: loop, serverProperties: opened.server, tuning: opened.tuning, callerFrameMax: opened.frameWriterMax)
        case .failure(let error):
            loop.stop()
            throw error
        }
    }

    /// Connects with options parsed from an `amqp://` / `amqps://` URL
    /// (see ``ConnectionOptions/init(url:)``).
    package static func connect(url: String) async throws(AMQPError) -> AMQPConnection {
        try await connect(try ConnectionOptions(url: url))
    }

    /// Whether the broker has blocked this connection (`connection.blocked`).
    ///
    /// RabbitMQ blocks a connection that publishes while a memory or disk alarm is on:
    /// it stops reading the socket until the alarm clears (`connection.unblocked`). Until
    /// then nothing that needs the broker to read is written: publishes and requests wait
    /// (a publish up to its `blockedTimeout`, a request up to
    /// ``ConnectionOptions/rpcTimeout``) and then fail with
    /// ``AMQPError/Code-swift.struct/connectionBlocked``; acks, nacks and rejects still go
    /// out, and deliveries keep arriving. The connection stays open.
    package var isBlocked: Bool { blockedReason != nil }

    /// The reason the broker gave in `connection.blocked` (`"low on memory"`,
    /// `"low on disk"`); `nil` while the connection is not blocked.
    package var blockedReason: String? { loop.blockedNotice.reason }

    /// Calls `observer` each time the broker lifts a `connection.blocked`, with the reason
    /// and how long the block lasted (a block still on when the connection ends is not
    /// reported). It runs on the I/O thread: it must return quickly and never block.
    package func observeUnblocking(_ observer: @escaping @Sendable (BlockedEpisode) -> Void) {
        loop.blockedNotice.observe(observer)
    }

    /// Runs `body` on the I/O thread and returns its result.
    ///
    /// While the broker blocks the connection `body` waits, up to `blockedTimeout` (the
    /// RPC timeout when `nil`), unless the state machine lets `operation` through
    /// (``ConnectionStateMachine/BlockedPolicy``).
    ///
    /// It runs on the caller's executor (`nonisolated(nonsending)`): an actor awaiting it
    /// is resumed on its own executor by the I/O thread, without a hop through the global
    /// one in between.
    nonisolated(nonsending) func run<T: Sendable>(
        _ operation: AMQPError.Operation, channel: UInt16?, blockedTimeout: Duration? = nil,
        _ body: @escaping @Sendable (ConnectionCore) throws(AMQPError) -> T
    ) async throws(AMQPError) -> T {
        let result: Result<T, AMQPError> = await withCheckedContinuation { continuation in
            let rejected = loop.submit { core in
                let work = {
                    do throws(AMQPError) {
                        continuation.resume(returning: .success(try body(core)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
                core.whenUnblocked(operation, channel: channel, patience: blockedTimeout, work) {
                    continuation.resume(returning: .failure($0))
                }
            }
            if let rejected { continuation.resume(returning: .failure(rejected.reported(as: operation, channel: channel))) }
        }
        return try result.get()
    }

    /// Closes every channel and the connection gracefully (`channel.close`,
    /// `connection.close`), frees librabbitmq's state and ends the I/O thread. Consumers'
    /// deliveries end normally; waiting confirms and held publishes fail. While the broker
    /// blocks the connection (``isBlocked``) it would not read the closes: the socket is
    /// just closed, and the broker requeues what was unacknowledged. Idempotent; later calls throw
    /// ``AMQPError/Code-swift.struct/connectionClosed``.
    ///
    /// Returns once the I/O thread has stopped: a task of the connection's ``executor``
    /// started after it runs on Swift's global concurrent executor.
    package func close() async {
        _ = try? await run(.close, channel: nil) { core in core.shutdown() }
        await loop.finish()
    }
}
