import HutchConventions
import Testing

@testable import HutchAMQP

/// The channels a caller may write publishes to while the I/O thread sleeps
/// (`DirectPublishPermit`), and when the lists of the last permit still hold, so the
/// permit made before the next sleep reuses them. (Live counterpart: `DirectPublishLiveTests`.)
@Suite struct DirectPublishTransitionTests {
    typealias F = StateMachineFixtures

    /// An open machine with channel 1 in confirm mode and channel 2 without.
    static func machine() -> ConnectionStateMachine {
        var machine = F.open(channels: [1, 2])
        machine.confirmSelected(1)
        return machine
    }

    @Test("Open channels are listed by confirm mode; while nothing changes, the lists hold")
    func listsHold() throws {
        var machine = Self.machine()
        let listed = machine.directPublishChannels()
        let lists = try #require(listed)
        #expect(lists.confirming == [1])
        #expect(lists.unconfirmed == [2])
        let before = machine.directPublishChannelsAre(confirming: lists.confirming, unconfirmed: lists.unconfirmed)
        #expect(before)
        machine.published(1, confirmation: F.confirm())
        _ = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 1))))
        let after = machine.directPublishChannelsAre(confirming: lists.confirming, unconfirmed: lists.unconfirmed)
        #expect(after, "publishes and their confirms change no list")
    }

    @Test("Other lists than the machine's own do not hold: a channel missing, extra or in the wrong list")
    func otherListsDoNotHold() {
        var machine = Self.machine()
        let others: [(confirming: [UInt16], unconfirmed: [UInt16])] = [([1], []), ([1], [2, 3]), ([2], [1]), ([], [1, 2])]
        for other in others {
            let holds = machine.directPublishChannelsAre(confirming: other.confirming, unconfirmed: other.unconfirmed)
            #expect(!holds, "confirming \(other.confirming), unconfirmed \(other.unconfirmed)")
        }
    }

    @Test(
        "A channel opened, closing, closed or entering confirm mode, or the connection blocked or failed: the last lists no longer hold"
    )
    func changesEndTheLists() throws {
        var machine = Self.machine()
        let listed = machine.directPublishChannels()
        let lists = try #require(listed)
        func holds(after change: (inout ConnectionStateMachine) -> Void) -> Bool {
            var changed = machine
            change(&changed)
            return changed.directPublishChannelsAre(confirming: lists.confirming, unconfirmed: lists.unconfirmed)
        }
        #expect(!holds { $0.channelOpened(3) })
        #expect(!holds { $0.channelCloseRequested(1) }, "a closing channel is no longer in confirm mode")
        #expect(!holds { _ = $0.channelClosed(2) })
        #expect(!holds { $0.confirmSelected(2) })
        #expect(!holds { _ = $0.frameReceived(.method(channel: 0, .connectionBlocked(reason: "low on memory"))) })
        #expect(!holds { _ = $0.connectionFailed(AMQPError(code: .connectionLost, operation: .receive)) })
    }
}
