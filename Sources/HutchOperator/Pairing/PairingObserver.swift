import Hutch
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement

/// Looks at what the Ruby side declared for one exchange: passive declares over AMQP
/// (what exists), and with the management API each queue's durability, arguments and
/// policy.
package struct PairingObserver: Sendable {
    /// The connection to use.
    package var connection: AMQPConnection
    /// The Swift side's settings (exchange, pairing, vhost).
    package var settings: HutchClientSettings
    /// The management API, or `nil` for AMQP only.
    package var management: ManagementAPI?

    /// An observer.
    package init(connection: AMQPConnection, settings: HutchClientSettings, management: ManagementAPI?) {
        self.connection = connection
        self.settings = settings
        self.management = management
    }

    /// Observes the exchanges, the 21 delay queues and `consumerQueues` (with the
    /// management API and no queue named: every queue bound to the main exchange but
    /// the dead queue).
    package func observe(consumerQueues: [String]) async throws -> PairingObservation {
        let exchange = settings.topology.mqExchange
        var consumers = consumerQueues
        if consumers.isEmpty, let management {
            let dead = DeadQueue(exchange: exchange).queueName
            let bound = try await management.queueBindings(exchange: exchange, virtualHost: settings.connection.virtualHost)
            consumers = Array(Set(bound.map(\.queue))).filter { $0 != dead }.sorted()
        }
        let delayNames = DelayLevel.all.map { $0.delayQueueName(config: settings.topology, profile: settings.profile) }
        var delays: [QueueObservation] = []
        for name in delayNames { delays.append(try await observe(queue: name)) }
        var observed: [QueueObservation] = []
        for name in consumers { observed.append(try await observe(queue: name)) }
        return PairingObservation(
            exchangeExists: try await exchangeExists(exchange),
            scheduleExchangeExists: try await exchangeExists(DelayLevel.scheduleExchange(for: exchange)),
            delayQueues: delays, consumerQueues: observed, managementSeen: management != nil)
    }

    private func exchangeExists(_ name: String) async throws -> Bool {
        let channel = try await connection.openChannel()
        do {
            try await connection.declare(.exchangeDeclare(ExchangeDeclare(exchange: name, passive: true)), on: channel)
        } catch {
            if error.code == .notFound { return false }  // the broker closed the channel
            throw error
        }
        try await connection.closeChannel(channel)
        return true
    }

    private func observe(queue name: String) async throws -> QueueObservation {
        guard let ready = try await QueuePeek(connection: connection, queue: name).readyCount() else {
            return QueueObservation(name: name, exists: false)
        }
        var observation = QueueObservation(name: name, exists: true, ready: ready)
        if let management, let details = try await management.queue(named: name, virtualHost: settings.connection.virtualHost) {
            observation.durable = details["durable"]?.boolValue ?? false
            observation.arguments = details["arguments"]?.objectValue ?? JSONObject()
            observation.policy = details["policy"]?.stringValue
            observation.policyDeadLetterExchange = details["effective_policy_definition"]?.objectValue?["dead-letter-exchange"]?.stringValue
        }
        return observation
    }
}
