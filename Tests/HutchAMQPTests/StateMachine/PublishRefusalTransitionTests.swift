import HutchConventions
import Testing

@testable import HutchAMQP

/// What a publish queued without waiting for the I/O thread is refused for
/// (`ConnectionStateMachine.publishRefusals()`, read by callers through `PublishRefusals`).
/// (Live counterparts: `QueuedPublishLiveTests`, `UnsentMessageLiveTests`.)
@Suite struct PublishRefusalTransitionTests {
    typealias F = StateMachineFixtures

    @Test("An open connection refuses nothing; a channel never opened or closed by the client is left to the I/O thread")
    func openRefusesNothing() {
        var machine = F.open(channels: [1, 2])
        machine.channelCloseRequested(2)
        _ = machine.channelClosed(2)
        let refusals = machine.publishRefusals()
        #expect(refusals.connection == nil)
        #expect(refusals.channels.isEmpty)
    }

    @Test("A channel the broker closed refuses with its reply until it is opened again; other channels go on")
    func brokerClosedChannel() {
        var machine = F.open(channels: [1, 2])
        _ = machine.frameReceived(.method(channel: 1, .channelClose(F.close(404))))
        let refused = machine.publishRefusals()
        #expect(refused.connection == nil)
        #expect(Array(refused.channels.keys) == [1])
        #expect(refused.channels[1]?.code == .channelClosed)
        #expect(refused.channels[1]?.replyCode == 404)
        #expect(refused.channels[1]?.operation == .publish)
        machine.channelOpened(1)
        #expect(machine.publishRefusals().channels.isEmpty)
    }

    @Test("A failed connection refuses every publish with its failure, connection scope; a client close with connectionClosed")
    func connectionEnded() {
        var failed = F.open(channels: [1])
        _ = failed.connectionFailed(AMQPError(code: .connectionLost, operation: .receive, scope: .connection))
        let refused = failed.publishRefusals().connection
        #expect(refused?.code == .connectionLost)
        #expect(refused?.scope == .connection)
        #expect(refused?.operation == .publish)

        var closed = F.open(channels: [1])
        _ = closed.closed()
        #expect(closed.publishRefusals().connection?.code == .connectionClosed)
        #expect(closed.publishRefusals().connection?.scope == .connection)
    }

    @Test("A blocked connection refuses nothing: publishes are held there, not refused")
    func blockedRefusesNothing() {
        var machine = F.open(channels: [1])
        _ = machine.frameReceived(.method(channel: 0, .connectionBlocked(reason: "low on memory")))
        #expect(machine.blockedReason == "low on memory")
        #expect(machine.publishRefusals().connection == nil)
    }
}
