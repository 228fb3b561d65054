import HutchAMQP
import HutchConventions
import Logging

/// Compares the queues that already exist with what the configured pairing declares,
/// before the worker declares anything: each queue of the plan (delay queues and
/// consumer queues) is looked up with a passive `queue.declare`; an existing one is then
/// declared as the plan declares it on a scratch channel, which changes nothing (the
/// broker either finds it equivalent or refuses with 406, closing only that channel).
///
/// Every mismatch is logged (``QueueDeclarationMismatch`` names the property and the Ruby
/// pairing that declares it so); the first is thrown, so nothing is declared on a broker
/// whose Ruby side is not the configured one.
struct TopologyPrecheck: Sendable {
    let settings: HutchClientSettings

    func check(consumers: [ConsumerDefinition], on amqp: any AMQPTransport, logger: Logger) async throws {
        let plan = try TopologyDeclarer(settings: settings).plan(consumers: consumers)
        let declares = plan.declarations.compactMap { method -> QueueDeclare? in
            if case .queueDeclare(let declare) = method { return declare }
            return nil
        }
        var channel = try await amqp.openChannel()
        var mismatches: [QueueDeclarationMismatch] = []
        for declare in declares {
            switch await compare(declare, on: amqp, channel: channel) {
            case .equivalent:
                continue
            case .absent:
                channel = try await amqp.openChannel()  // the broker closed it
            case .different(let mismatch):
                logger.error("\(mismatch)")
                mismatches.append(mismatch)
                channel = try await amqp.openChannel()
            case .failed(let error):
                throw error
            }
        }
        try? await amqp.closeChannel(channel)
        if let first = mismatches.first { throw first }
    }

    private enum Comparison {
        case equivalent, absent
        case different(QueueDeclarationMismatch)
        case failed(AMQPError)
    }

    /// A passive declare (does it exist?), then the plan's declaration (is it equivalent?).
    private func compare(_ declare: QueueDeclare, on amqp: any AMQPTransport, channel: UInt16) async -> Comparison {
        var passive = declare
        passive.passive = true
        if let error = await Self.failure(of: .queueDeclare(passive), on: amqp, channel: channel) {
            return error.code == .notFound ? .absent : .failed(error)
        }
        guard let error = await Self.failure(of: .queueDeclare(declare), on: amqp, channel: channel) else { return .equivalent }
        guard let mismatch = QueueDeclarationMismatch(error, declare: declare, profile: settings.profile) else { return .failed(error) }
        return .different(mismatch)
    }

    /// The broker's refusal of `method`, or `nil` when it accepted it.
    private static func failure(of method: AMQPMethod, on amqp: any AMQPTransport, channel: UInt16) async -> AMQPError? {
        do throws(AMQPError) {
            _ = try await amqp.declare(method, on: channel)
            return nil
        } catch {
            return error
        }
    }
}
