import HutchConventions
import Testing

@testable import HutchAMQP

/// `connection.blocked` / `connection.unblocked`: held requests, their deadlines, acks
/// going out meanwhile. (Live counterpart: the memory-alarm tests.)
@Suite struct BlockedTransitionTests {
    typealias F = StateMachineFixtures

    /// Holds a request and records, in `log`, whether it ran or expired.
    final class Log { var entries: [String] = [] }

    static func hold(
        _ machine: inout ConnectionStateMachine, _ name: String, patience: Duration?, log: Log
    ) -> (() -> Void)? {
        machine.holdIfBlocked(
            .publish, channel: 1, patience: patience, at: F.start, run: { log.entries.append("run \(name)") },
            expire: { log.entries.append("expired \(name): \($0.code)") })
    }

    @Test("While open a request runs at once")
    func openRunsAtOnce() {
        var machine = F.open()
        let log = Log()
        let run = Self.hold(&machine, "a", patience: .seconds(1), log: log)
        run?()
        #expect(log.entries == ["run a"])
        #expect(machine.held.isEmpty)
    }

    @Test("connection.blocked holds requests; connection.unblocked releases them in order")
    func blockedThenUnblocked() {
        var machine = F.open()
        let log = Log()
        guard
            case .blockedChanged(let reason, let none) = machine.frameReceived(
                .method(channel: 0, .connectionBlocked(reason: "low on memory")))
        else {
            Issue.record("expected the blocked state to change")
            return
        }
        #expect(reason == "low on memory" && none.isEmpty)
        #expect(machine.blockedReason == "low on memory" && machine.isOpen)
        #expect(Self.hold(&machine, "a", patience: .seconds(5), log: log) == nil)
        #expect(Self.hold(&machine, "b", patience: nil, log: log) == nil)
        #expect(machine.held.map(\.patience) == [.seconds(5), .seconds(30)], "nil patience is the RPC timeout")
        guard case .blockedChanged(nil, let release) = machine.frameReceived(.method(channel: 0, .connectionUnblocked)) else {
            Issue.record("expected the held requests to be released")
            return
        }
        for hold in release { hold.run() }
        #expect(log.entries == ["run a", "run b"])
        #expect(machine.blockedReason == nil && machine.held.isEmpty)
    }

    @Test("A held request fails with connectionBlocked at its deadline, others keep waiting; the connection stays open")
    func heldRequestExpires() {
        var machine = F.open()
        _ = machine.frameReceived(.method(channel: 0, .connectionBlocked(reason: "low on disk")))
        let log = Log()
        _ = Self.hold(&machine, "short", patience: .milliseconds(300), log: log)
        _ = Self.hold(&machine, "long", patience: .seconds(60), log: log)
        #expect(machine.waitTimeout(from: F.start) == .milliseconds(301), "the thread wakes for the first held deadline")
        let (_, expired) = machine.tick(at: F.start + .seconds(2))
        #expect(expired.count == 1)
        #expect(expired.first?.1.code == .connectionBlocked)
        #expect(expired.first?.1.blockedReason == "low on disk")
        #expect(expired.first?.1.scope == .call)
        for (hold, error) in expired { hold.expire(error) }
        #expect(log.entries == ["expired short: connection blocked by the broker"])
        #expect(machine.held.count == 1 && machine.isOpen)
    }

    @Test("While blocked, acks, nacks, rejects and the client's close go out; publishes are held; requests read first, then are held")
    func blockedPolicies() {
        typealias M = ConnectionStateMachine
        for operation in [AMQPError.Operation.ack, .nack, .reject, .close] {
            #expect(M.blockedPolicy(for: operation) == .proceeds, "\(operation)")
        }
        #expect(M.blockedPolicy(for: .publish) == .holds)
        for operation in [AMQPError.Operation.queueDeclare, .openChannel, .consume, .cancel, .confirmSelect] {
            #expect(M.blockedPolicy(for: operation) == .readsThenHolds, "\(operation)")
        }
        var machine = F.open()
        _ = machine.frameReceived(.method(channel: 0, .connectionBlocked(reason: "low on memory")))
        let log = Log()
        machine.holdIfBlocked(.ack, channel: 1, patience: nil, at: F.start, run: { log.entries.append("ack") }, expire: { _ in })?()
        #expect(log.entries == ["ack"] && machine.held.isEmpty)
    }

    @Test("While blocked, acks may still go out and deliveries still arrive")
    func acksGoOut() {
        let feed = F.feed()
        var machine = F.consuming(feed: feed)
        _ = machine.frameReceived(.method(channel: 0, .connectionBlocked(reason: "low on memory")))
        #expect(machine.callRequested(.ack, channel: 1) == nil)
        _ = machine.frameReceived(F.deliver(1))
        #expect(machine.frameReceived(F.header(0)).delivery?.deliveryTag == 1)
    }

    @Test("Closing while blocked only destroys the socket (the broker would not read the closes)")
    func closeWhileBlocked() {
        var machine = F.open()
        _ = machine.frameReceived(.method(channel: 0, .connectionBlocked(reason: "low on memory")))
        guard case .destroy = machine.closeRequested() else {
            Issue.record("expected a plain destroy")
            return
        }
    }

    @Test("When the connection fails while blocked, held requests are handed back to run (and fail with the failure)")
    func failureReleasesHeld() {
        var machine = F.open()
        _ = machine.frameReceived(.method(channel: 0, .connectionBlocked(reason: "low on memory")))
        _ = Self.hold(&machine, "a", patience: .seconds(5), log: Log())
        let endings = machine.connectionFailed(AMQPError(code: .connectionLost, operation: .receive, scope: .connection))
        #expect(endings.held.count == 1 && endings.destroySocket)
        #expect(machine.callRequested(.publish, channel: 1)?.code == .connectionLost)
    }
}
