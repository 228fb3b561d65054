import Hutch
import HutchAMQP
import Logging

extension InMemoryBroker {
    /// A `HutchConnection` whose connections (and reconnections) all go to this broker:
    /// the address in `settings` is not used. Give it to a `Worker` or `Publisher` as you
    /// would a real one.
    public func hutchConnection(
        settings: HutchClientSettings = HutchClientSettings(), logger: Logger = Logger(label: "hutch.testing")
    ) -> HutchConnection {
        HutchConnection(settings: settings, logger: logger) { _ throws(AMQPError) in self.connect() }
    }

    /// Drops every open connection as a failed socket would (see ``InMemoryConnection/drop()``):
    /// a `Worker` reconnects, its unacknowledged messages are redelivered.
    public func dropAllConnections() {
        update { model in
            for id in model.connections.keys.sorted() { model.endConnection(id, failure: BrokerModel.droppedConnection) }
        }
    }

    /// Sets `repair` as a policy: hutch-schedule's delay queues get the dead-letter
    /// exchange and TTL a pairing with Hutch ≥ 1.1.1 declares them without, so delayed
    /// messages come back (what an operator sets on a real broker; see `BrokenPairing`).
    public func apply(_ repair: PolicyRepair) throws {
        try setPolicy(
            repair.name, pattern: repair.pattern, priority: repair.priority, deadLetterExchange: repair.deadLetterExchange,
            messageTTL: repair.messageTTL)
    }
}
