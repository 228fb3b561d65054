import HutchAMQP
import HutchConventions

/// `topology` live: Swift declares its plan, then Ruby's recorded declarations are
/// replayed verbatim on the same broker — and then the other way round, after deleting
/// everything declared. Any refusal is a difference: a 406 names the argument, the
/// queue or exchange, and each side's value as RabbitMQ printed it.
///
/// `basic.consume` is not replayed (it declares nothing); `basic.qos` is.
struct LiveTopologyCheck: LiveCheck {
    func check(_ recorded: RecordedCase, context: LiveContext) async throws -> [CaseResult.Check] {
        let (plan, _, rubyDeclarations) = try TopologyChecker.inputs(recorded, environment: context.environment)
        let swift = plan.declarations.filter(Self.isReplayed)
        let ruby = rubyDeclarations.filter(Self.isReplayed)
        let queues = (swift + ruby).compactMap { method -> String? in
            if case .queueDeclare(let declare) = method { return declare.queue } else { return nil }
        }
        let exchanges = (swift + ruby).compactMap { method -> String? in
            if case .exchangeDeclare(let declare) = method { return declare.exchange } else { return nil }
        }
        var checks: [CaseResult.Check] = []
        for order in [Order.swiftThenRuby, .rubyThenSwift] {
            let (first, second) = order == .swiftThenRuby ? (swift, ruby) : (ruby, swift)
            var differences = try await replay(first, side: order.first, on: context.lane)
            differences += try await replay(second, side: order.second, on: context.lane)
            await context.lane.delete(queues: queues, exchanges: exchanges)
            checks.append(CaseResult.Check(name: "live \(order.rawValue)", differences: differences))
        }
        return checks
    }

    enum Order: String {
        case swiftThenRuby = "swift-then-ruby"
        case rubyThenSwift = "ruby-then-swift"

        var first: Side { self == .swiftThenRuby ? .swift : .ruby }
        var second: Side { self == .swiftThenRuby ? .ruby : .swift }
    }

    enum Side: String {
        case swift, ruby
    }

    static func isReplayed(_ method: AMQPMethod) -> Bool {
        switch method {
        case .exchangeDeclare, .queueDeclare, .queueBind, .basicQos: true
        default: false
        }
    }

    /// Declares `methods` in order on a fresh channel; every refusal becomes a
    /// difference and the channel is reopened so the rest is still tried.
    func replay(_ methods: [AMQPMethod], side: Side, on lane: LiveLane) async throws -> [Difference] {
        let connection = lane.connection
        let channel = try await lane.channel()
        var differences: [Difference] = []
        for (index, method) in methods.enumerated() {
            do throws(AMQPError) {
                try await connection.declare(method, on: channel)
            } catch {
                differences.append(Self.difference(error, method: method, index: index, side: side))
                try await connection.openChannel(channel)
            }
        }
        try? await connection.closeChannel(channel)
        return differences
    }

    /// A refusal as a difference. For a 406 the path names the argument
    /// (`ruby.declarations[3] queue 'plan_consumer' x-queue-type`); Ruby's value and
    /// Swift's are RabbitMQ's `received` and `current`, by who declared second.
    static func difference(_ error: AMQPError, method: AMQPMethod, index: Int, side: Side) -> Difference {
        let place = "\(side.rawValue).declarations[\(index)]"
        if let mismatch = error.inequivalentArgument {
            let path = "\(place) \(mismatch.resourceKind) '\(mismatch.resourceName)' \(mismatch.argument)"
            return side == .ruby
                ? Difference(path: path, ruby: "\(mismatch.received) (refused: 406)", swift: "\(mismatch.current) (declared first)")
                : Difference(path: path, ruby: "\(mismatch.current) (declared first)", swift: "\(mismatch.received) (refused: 406)")
        }
        let refusal = "refused: \(error.replyCode.map(String.init) ?? "\(error.code)") \(error.replyText ?? error.description)"
        let path = "\(place) (\(method.summaryText))"
        return side == .ruby
            ? Difference(path: path, ruby: refusal, swift: "accepted")
            : Difference(path: path, ruby: "accepted", swift: refusal)
    }
}
