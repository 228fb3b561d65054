import HutchConventions
import Testing

@testable import HutchAMQP

/// `basic.get`: one blocking call on the I/O thread (librabbitmq reads the `get-ok`'s
/// header and body itself), so the machine decides only whether it may go out.
/// (Live counterpart: `BasicGetLiveTests`.)
@Suite struct GetTransitionTests {
    typealias F = StateMachineFixtures

    @Test("A get on an open channel goes out; on a channel the broker closed it carries that reply")
    func getOnDeadChannel() {
        var machine = F.open()
        #expect(machine.callRequested(.get, channel: 1) == nil)
        _ = machine.frameReceived(.method(channel: 1, .channelClose(F.close(404))))
        let refused = machine.callRequested(.get, channel: 1)
        #expect(refused?.code == .channelClosed)
        #expect(refused?.operation == .get && refused?.replyCode == 404)
    }

    @Test("While the broker blocks the connection a get reads first, then is held")
    func getWhileBlocked() {
        #expect(ConnectionStateMachine.blockedPolicy(for: .get) == .readsThenHolds)
        var machine = F.open()
        _ = machine.frameReceived(.method(channel: 0, .connectionBlocked(reason: "low on memory")))
        #expect(machine.holdIfBlocked(.get, channel: 1, patience: nil, at: F.start, run: {}, expire: { _ in }) == nil)
        #expect(machine.held.map(\.operation) == [.get])
    }
}
