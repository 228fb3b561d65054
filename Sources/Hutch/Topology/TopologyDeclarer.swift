import HutchAMQP
import HutchConventions

/// Declares what Ruby declares for the configured pairing, from the core's
/// `TopologyPlan`: `basic.qos`, the main exchange, hutch-schedule's schedule exchange
/// and delay queues (with ``HutchClientSettings/declareSchedule``), and each
/// consumer's queue and bindings — the same flags and arguments as the Ruby side, so a
/// broker set up by either side accepts the other's declarations unchanged. Declaring is
/// idempotent. The plan's `basic.consume`s are returned, not sent.
public struct TopologyDeclarer: Sendable {
    /// The settings (profile, topology config, schedule).
    public var settings: HutchClientSettings

    /// Creates a declarer.
    public init(settings: HutchClientSettings) { self.settings = settings }

    /// The plan for `consumers`, in Ruby's wire order.
    ///
    /// - Throws: `TopologyFailure` where Ruby raises before finishing (a DSL method the
    ///   profile's Hutch lacks, hutch-schedule with a prefetch below 1, …).
    public func plan(consumers: [ConsumerDefinition]) throws(TopologyFailure) -> TopologyPlan {
        // The broker answers for itself (a 406 names the argument): no refusal predicted from 3.10.
        let plan = TopologyPlan(
            profile: settings.profile, config: settings.topology, schedule: settings.declareSchedule, consumers: consumers,
            modelBrokerRefusals: false)
        if let failure = plan.failure { throw failure }
        return plan
    }

    /// Sends the plan's declarations (everything but `basic.consume`) on `channel`, plus
    /// the dead queue when configured; returns the `basic.consume`s in consumer order.
    ///
    /// - Parameters:
    ///   - consumers: the consumers whose queues and bindings to declare.
    ///   - connection: the connection to declare on.
    ///   - channel: an open channel of `connection`.
    ///   - includeQos: send the plan's `basic.qos` (the worker does; a
    ///     publisher's channel does not need it).
    /// - Throws: `QueueDeclarationMismatch` when an existing queue was declared
    ///   differently (406 PRECONDITION_FAILED), e.g. by a Ruby service of another version
    ///   than ``HutchClientSettings/profile``: it names the property, both values and the
    ///   Ruby pairing that declares it so; `AMQPError` 406 for an exchange declared differently
    ///   (`AMQPError.inequivalentArgument` names the argument);
    ///   ``QuorumQueueConflict`` before sending anything when a consumer's quorum queue
    ///   would be non-durable, exclusive or auto-delete (which RabbitMQ refuses).
    @discardableResult
    package func declare(
        consumers: [ConsumerDefinition], on connection: AMQPConnection, channel: UInt16, includeQos: Bool = true
    ) async throws -> [BasicConsume] {
        try await declare(consumers: consumers, on: connection as any AMQPTransport, channel: channel, includeQos: includeQos)
    }

    /// ``declare(consumers:on:channel:includeQos:)`` on any transport (the client's, or an in-memory broker's).
    @discardableResult
    package func declare(
        consumers: [ConsumerDefinition], on connection: any AMQPTransport, channel: UInt16, includeQos: Bool = true
    ) async throws -> [BasicConsume] {
        let plan = try plan(consumers: consumers)
        for consumer in consumers {
            if let conflict = QuorumQueueConflict.check(consumer, settings: settings), conflict.problem != .argumentsDropped {
                throw conflict
            }
        }
        var consumes: [BasicConsume] = []
        for method in plan.declarations {
            switch method {
            case .basicConsume(let consume): consumes.append(consume)
            case .basicQos where !includeQos: continue
            case .queueDeclare(let declare):
                do throws(AMQPError) {
                    try await connection.declare(method, on: channel)
                } catch {
                    if let mismatch = QueueDeclarationMismatch(error, declare: declare, profile: settings.profile) { throw mismatch }
                    throw error
                }
            default: try await connection.declare(method, on: channel)
            }
        }
        if settings.deadQueue {
            let dead = DeadQueue(exchange: settings.topology.mqExchange)
            try await connection.declare(.queueDeclare(dead.queueDeclare), on: channel)
            try await connection.declare(.queueBind(dead.queueBind), on: channel)
        }
        return consumes
    }
}
