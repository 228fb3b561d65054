import HutchAMQP
import HutchConventions
import HutchManagement
import HutchRubyModel

/// One connection into one isolated virtual host, with the operations the live checks
/// share: declaring Ruby's or Swift's methods, capture queues, cleanup and policies.
///
/// A *lane* runs its cases one after the other; separate lanes (in separate vhosts) run
/// side by side, so the slow delay and retry chains do not wait for each other.
final class LiveLane: Sendable {
    /// The connection.
    let connection: AMQPConnection
    /// The virtual host it is logged in to.
    let virtualHost: String
    /// The management API, when the run has one (needed for policies).
    let management: ManagementAPI?

    private init(connection: AMQPConnection, virtualHost: String, management: ManagementAPI?) {
        self.connection = connection
        self.virtualHost = virtualHost
        self.management = management
    }

    /// Connects to `virtualHost` with the other settings of `options`.
    static func open(_ options: ConnectionOptions, virtualHost: String, management: ManagementAPI?) async throws(AMQPError) -> LiveLane {
        var options = options
        options.virtualHost = virtualHost
        options.connectionName = "hutch-conformance live"
        return LiveLane(connection: try await AMQPConnection.connect(options), virtualHost: virtualHost, management: management)
    }

    /// Closes the connection.
    func close() async { await connection.close() }

    /// Opens a fresh channel.
    func channel() async throws(AMQPError) -> UInt16 { try await connection.openChannel() }

    /// Runs `body` on a fresh channel and closes the channel afterwards, also when
    /// `body` throws (a channel the broker already closed is left as it is).
    func withChannel<T>(_ body: (UInt16) async throws -> T) async throws -> T {
        let channel = try await connection.openChannel()
        do {
            let result = try await body(channel)
            try? await connection.closeChannel(channel)
            return result
        } catch {
            try? await connection.closeChannel(channel)
            throw error
        }
    }

    /// Declares a durable topic exchange as Hutch does (`mq_exchange_type` topic).
    func declareExchange(_ name: String, type: String = "topic", on channel: UInt16) async throws(AMQPError) {
        try await connection.declare(.exchangeDeclare(ExchangeDeclare(exchange: name, type: type)), on: channel)
    }

    /// Declares a server-named, exclusive queue bound with `#` to `exchange`: a plain
    /// consumer that sees every message the exchange routes.
    func captureQueue(boundTo exchange: String, on channel: UInt16) async throws(AMQPError) -> String {
        let declared = try await connection.declare(
            .queueDeclare(QueueDeclare(queue: "", durable: false, exclusive: true, autoDelete: true)), on: channel)
        let name = declared?.queue ?? ""
        try await connection.declare(.queueBind(QueueBind(queue: name, exchange: exchange, routingKey: "#")), on: channel)
        return name
    }

    /// Deletes queues and exchanges on a channel of its own, ignoring what is already
    /// gone; the predefined exchanges (`""`, `amq.*`) are left alone.
    func delete(queues: [String], exchanges: [String]) async {
        guard let channel = try? await connection.openChannel() else { return }
        for queue in Set(queues) where !queue.isEmpty {
            if (try? await connection.deleteQueue(queue, on: channel)) == nil {
                _ = try? await connection.openChannel(channel)
            }
        }
        for exchange in Set(exchanges) where !exchange.isEmpty && !exchange.hasPrefix("amq.") {
            if (try? await connection.deleteExchange(exchange, on: channel)) == nil {
                _ = try? await connection.openChannel(channel)
            }
        }
        try? await connection.closeChannel(channel)
    }

    /// Sets policies through the management API and waits (up to two seconds) until
    /// `queues` report them as effective.
    func apply(_ policies: [BrokerPolicy], effectiveOn queues: [String]) async throws(ManagementAPIError) {
        guard !policies.isEmpty else { return }
        guard let management else {
            throw ManagementAPIError(
                method: "PUT", url: "/api/policies", status: nil, detail: "policies need the management API (--management-url)")
        }
        for policy in policies { try await management.putPolicy(policy, virtualHost: virtualHost) }
        let names = Set(policies.map(\.name))
        for queue in queues {
            for _ in 0..<40 {
                let details = try await management.queue(named: queue, virtualHost: virtualHost)
                if let policy = details?["policy"]?.stringValue, names.contains(policy) { break }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Removes policies set by ``apply(_:effectiveOn:)``.
    func remove(_ policies: [BrokerPolicy]) async {
        guard let management else { return }
        for policy in policies { try? await management.deletePolicy(named: policy.name, virtualHost: virtualHost) }
    }

    /// Sends each acknowledgement, then makes one synchronous call on the channel so
    /// that the broker's answer to them (a `channel.close`, e.g. 406 for an unknown
    /// delivery tag) is observed; returns that close, if the broker sent one.
    func acknowledge(_ acknowledgements: [RubyAcknowledgement], on channel: UInt16, probeQueue: String) async -> AMQPError? {
        func delivery(_ tag: UInt64) -> IncomingDelivery {
            IncomingDelivery(
                channel: channel, consumerTag: "", deliveryTag: tag, redelivered: false, exchange: "", routingKey: "",
                properties: BasicProperties(), body: [])
        }
        do throws(AMQPError) {
            for acknowledgement in acknowledgements {
                switch acknowledgement.method {
                case .basicAck(let ack): try await connection.ack(deliveryTag: ack.deliveryTag, multiple: ack.multiple, on: channel)
                case .basicNack(let nack):
                    try await connection.nack(delivery(nack.deliveryTag), multiple: nack.multiple, requeue: nack.requeue)
                case .basicReject(let reject): try await connection.reject(delivery(reject.deliveryTag), requeue: reject.requeue)
                default: break
                }
            }
            _ = try await connection.declare(.queueDeclare(QueueDeclare(queue: probeQueue, passive: true)), on: channel)
            return nil
        } catch {
            return error
        }
    }
}
