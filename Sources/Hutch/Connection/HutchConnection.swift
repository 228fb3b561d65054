import HutchAMQP
import HutchConventions
import Logging

/// The client's connection to RabbitMQ: connects on first use, and after a lost
/// connection connects again with exponential backoff (``ReconnectBackoff``).
///
/// Everyone who needs the broker (the ``Publisher``, the ``Worker``) asks for
/// `connection()` and reports a failure with `connectionFailed(_:error:)`; concurrent
/// callers share one connection attempt. Each new connection gets a higher
/// ``generation``, which tells users to redeclare their topology and resubscribe.
///
/// With several broker addresses (``HutchClientSettings/brokerAddresses``: Hutch's
/// `mq_host` plus ``HutchClientSettings/failoverAddresses``, the nodes of a cluster) a
/// connect tries them in turn, and after a lost connection starts with the address after
/// the lost one (``connectedAddress`` tells which one it is on).
///
/// librabbitmq is blocking and not thread-safe: each `AMQPConnection` runs it on its
/// own I/O thread, so nothing here blocks Swift's cooperative pool.
///
/// Inside the package the connections come from an `AMQPConnector` (librabbitmq's
/// `AMQPConnection.connect` unless told otherwise), so an in-memory broker can stand in
/// for RabbitMQ with the same reconnects, address rotation and failure reports.
public actor HutchConnection {
    /// The settings connected with.
    public nonisolated let settings: HutchClientSettings
    private let logger: Logger
    private var current: (any AMQPTransport)?
    private let connector: AMQPConnector
    private var connecting: Attempt?
    private var attempts = 0
    private var closed = false
    private let addresses: [BrokerAddress]
    private var rotation: AddressRotation
    private var connectedIndex: Int?
    /// How many connections were made so far (1 after the first connect).
    public private(set) var generation = 0
    /// Runs Swift tasks on the I/O thread of whichever connection is open, for
    /// `withTaskExecutorPreference(_:operation:)` (on the global concurrent executor while
    /// there is none, or on an in-memory broker). A confirmed publish made there costs no
    /// thread hand-off; code run there must not block (see `ConnectionExecutor`).
    public nonisolated let executor = ConnectionExecutor()
    private let metrics: HutchMetrics

    /// Creates a client connection; nothing is sent until `connection()`.
    public init(settings: HutchClientSettings, logger: Logger = Logger(label: "hutch")) {
        self.init(settings: settings, logger: logger, connector: AMQPConnection.connector)
    }

    /// Creates a client connection whose connections `connector` opens, one address at a
    /// time (its options carry the address's host and port).
    package init(settings: HutchClientSettings, logger: Logger = Logger(label: "hutch"), connector: @escaping AMQPConnector) {
        self.settings = settings
        self.logger = logger
        self.connector = connector
        self.addresses = settings.brokerAddresses
        self.rotation = AddressRotation(count: addresses.count)
        self.metrics = HutchMetrics(settings.observability)
    }

    /// The broker address of the open connection; `nil` while there is none.
    public var connectedAddress: BrokerAddress? { current == nil ? nil : connectedIndex.map { addresses[$0] } }

    /// The open connection, connecting (and retrying transient failures with backoff)
    /// when there is none.
    ///
    /// Concurrent callers share one attempt. A caller whose task is cancelled stops
    /// waiting at once (it throws `CancellationError`, even while a connect or a backoff
    /// sleep is under way); when no caller waits any more, the attempt itself is
    /// cancelled, so a process being shut down while the broker is unreachable does not
    /// keep retrying.
    ///
    /// - Throws: the `AMQPError` of a failure that retrying cannot fix
    ///   (`AMQPError.Code.authenticationFailed`, `AMQPError.Code.notAllowed`,
    ///   `AMQPError.Code.tlsFailed`, …), the last error when
    ///   ``ReconnectBackoff/maxAttempts`` is reached, `AMQPError.Code.connectionClosed`
    ///   after ``close()``, or `CancellationError`;
    ///   `AMQPError.Code.unsupportedMethod` when the client runs on an in-memory broker
    ///   (the `HutchTesting` product), which has no librabbitmq connection to hand out.
    package func connection() async throws -> AMQPConnection {
        let transport = try await transport()
        guard let connection = transport as? AMQPConnection else {
            throw AMQPError(
                code: .unsupportedMethod, operation: .connect,
                detail: "expected a librabbitmq connection, found \(type(of: transport)): this client runs on an in-memory broker")
        }
        return connection
    }

    /// The open connection as the client uses it (`connection()`'s rules), whatever
    /// opened it: librabbitmq or an in-memory broker.
    package func transport() async throws -> any AMQPTransport {
        if closed { throw AMQPError(code: .connectionClosed, operation: .connect, detail: "the Hutch client was closed") }
        if let current { return current }
        let attempt = connecting ?? startAttempt()
        connecting?.waiters += 1
        let result = await CancellableWait.result(of: attempt.task)
        if connecting?.id == attempt.id {
            connecting?.waiters -= 1
            if connecting?.waiters == 0, case .failure(let error) = result, error is CancellationError {
                // Nobody waits for this attempt any more: stop its connects and backoff sleeps.
                connecting = nil
                attempt.task.cancel()
            }
        }
        return try result.get()
    }

    /// One shared connection attempt and how many callers wait for it.
    private struct Attempt {
        let id: Int
        let task: Task<any AMQPTransport, any Error>
        var waiters = 0
    }

    private func startAttempt() -> Attempt {
        attempts += 1
        let id = attempts
        let task = Task { [settings, logger, addresses, round = rotation.round, connector] in
            do {
                let (connection, index) = try await Self.connectWithBackoff(
                    settings: settings, addresses: addresses, round: round, connector: connector, logger: logger)
                return try await self.adopt(connection, index: index, attempt: id)
            } catch {
                self.attemptEnded(id)
                throw error
            }
        }
        let attempt = Attempt(id: id, task: task)
        connecting = attempt
        return attempt
    }

    /// Makes `connection` the current one (or closes it after ``close()``).
    private func adopt(_ connection: any AMQPTransport, index: Int, attempt: Int) async throws -> any AMQPTransport {
        attemptEnded(attempt)
        if closed {
            await connection.close()
            throw AMQPError(code: .connectionClosed, operation: .connect, detail: "the Hutch client was closed")
        }
        current = connection
        executor.follow(connection)
        connectedIndex = index
        generation += 1
        metrics.connected(connection, generation: generation)
        let server = connection.serverProperties
        logger.info(
            "connected to \(settings.sanitizedURI)",
            metadata: [
                "broker": "\(server.product ?? "?") \(server.versionString ?? "?")", "generation": "\(generation)",
                "address": "\(addresses[index])"
            ])
        return connection
    }

    private func attemptEnded(_ id: Int) {
        if connecting?.id == id { connecting = nil }
    }

    /// Reports that `connection` failed with `error`. When the failure ended the
    /// connection and it is still the current one, it is dropped (and closed), so the next
    /// `connection()` reconnects.
    package func connectionFailed(_ connection: AMQPConnection, error: any Error) async {
        await connectionFailed(connection as any AMQPTransport, error: error)
    }

    /// `connectionFailed(_:error:)` for a connection of any transport.
    package func connectionFailed(_ connection: any AMQPTransport, error: any Error) async {
        guard let amqp = error as? AMQPError, amqp.endsConnection, current === connection else { return }
        logger.warning(
            "connection lost, will reconnect",
            metadata: [
                "error": "\(amqp)", "address": "\(connectedIndex.map { "\(addresses[$0])" } ?? "?")"
            ])
        if let connectedIndex { rotation.lost(connectedIndex) }
        current = nil
        executor.follow(nil)
        await connection.close()
    }

    /// Closes `connection`, which has not failed but can no longer be trusted (a channel
    /// the client could not close, whose deliveries nobody reads): the broker requeues
    /// what it delivered on it, and the next `connection()` connects again, to the same
    /// address first. Closing proceeds while the broker blocks the connection (the socket
    /// is then destroyed).
    package func giveUp(_ connection: any AMQPTransport, because reason: String) async {
        logger.warning("closing the connection, will reconnect", metadata: ["reason": "\(reason)"])
        if current === connection {
            current = nil
            executor.follow(nil)
        }
        await connection.close()
    }

    /// Closes the connection; later `connection()` calls throw.
    public func close() async {
        closed = true
        connecting?.task.cancel()
        if let current {
            self.current = nil
            executor.follow(nil)
            await current.close()
        }
    }

    /// Connects to the first address of `round` that accepts, trying each once per round
    /// and waiting the backoff between rounds; returns the connection and its address index.
    private static func connectWithBackoff(
        settings: HutchClientSettings, addresses: [BrokerAddress], round: [Int], connector: AMQPConnector, logger: Logger
    ) async throws -> (any AMQPTransport, Int) {
        var attempt = 0
        while true {
            var lastError: (any Error)?
            for index in round {
                try Task.checkCancellation()
                var options = settings.connection
                options.host = addresses[index].host
                options.port = addresses[index].port
                do {
                    return (try await connector(options), index)
                } catch {
                    guard error.isTransient else {
                        logger.error(
                            "cannot connect to \(settings.sanitizedURI)",
                            metadata: [
                                "error": "\(error)", "address": "\(addresses[index])"
                            ])
                        throw error
                    }
                    if addresses.count > 1 {
                        logger.warning("cannot connect to \(addresses[index]), trying the next address", metadata: ["error": "\(error)"])
                    }
                    lastError = error
                }
            }
            let error = lastError ?? CancellationError()
            let exhausted = settings.reconnect.maxAttempts.map { attempt + 1 >= $0 } ?? false
            guard !exhausted else {
                logger.error("cannot connect to \(settings.sanitizedURI)", metadata: ["error": "\(error)"])
                throw error
            }
            let delay = settings.reconnect.delay(attempt: attempt)
            logger.warning(
                "cannot connect to \(settings.sanitizedURI), retrying",
                metadata: [
                    "error": "\(error)", "attempt": "\(attempt + 1)", "delay": "\(delay)"
                ])
            try await Task.sleep(for: delay)
            attempt += 1
        }
    }
}
