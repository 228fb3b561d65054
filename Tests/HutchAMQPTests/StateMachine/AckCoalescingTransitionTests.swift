import HutchConventions
import Testing

@testable import HutchAMQP

/// Acks queued one after another in one turn of the I/O loop: joined into one `multiple`
/// ack only where the broker then acknowledges exactly the same deliveries.
/// (Live counterpart: every Worker test — its acks are queued — e.g. `WorkerLifecycleLiveTests`,
/// `FailedRetryLiveTests`, `BadInputLiveTests`.)
@Suite struct AckCoalescingTransitionTests {
    typealias F = StateMachineFixtures

    /// A consumer `c1` on channel 1 that received deliveries `tags` (empty bodies).
    static func delivered(_ tags: [UInt64], noAck: Bool = false) -> ConnectionStateMachine {
        var machine = F.open()
        _ = machine.consumeRequested(BasicConsume(queue: "q", consumerTag: "c1", noAck: noAck), channel: 1, feed: F.feed())
        machine.consumeStarted(requestedTag: "c1", tag: "c1", channel: 1)
        for tag in tags { deliver(tag, to: &machine) }
        return machine
    }

    static func deliver(_ tag: UInt64, consumer: String = "c1", to machine: inout ConnectionStateMachine) {
        _ = machine.frameReceived(F.deliver(tag, consumer: consumer))
        _ = machine.frameReceived(F.header(0))
    }

    static func single(_ tag: UInt64) -> BasicAck { BasicAck(deliveryTag: tag, multiple: false) }
    static func multiple(_ tag: UInt64) -> BasicAck { BasicAck(deliveryTag: tag, multiple: true) }

    @Test("The lowest unsettled tags, all acked in one turn, become one multiple ack of the highest")
    func lowestRunJoined() {
        let machine = Self.delivered([1, 2, 3, 4, 5])
        #expect(machine.channels[1]?.unsettled == [1, 2, 3, 4, 5])
        #expect(machine.coalescedAcks([1, 2, 3], channel: 1) == [Self.multiple(3)])
        #expect(machine.coalescedAcks([3, 1, 2], channel: 1) == [Self.multiple(3)])
    }

    @Test("Tags above a gap keep their single acks, in order")
    func gapKeepsSingles() {
        let machine = Self.delivered([1, 2, 3, 4, 5])
        #expect(machine.coalescedAcks([2, 3], channel: 1) == [Self.single(2), Self.single(3)])
        #expect(machine.coalescedAcks([1, 2, 5, 4], channel: 1) == [Self.multiple(2), Self.single(5), Self.single(4)])
        #expect(machine.coalescedAcks([1, 3], channel: 1) == [Self.single(1), Self.single(3)])
        #expect(machine.coalescedAcks([1], channel: 1) == [Self.single(1)])
    }

    @Test("Settling removes tags: single ack, multiple ack, nack and reject")
    func settlingRemovesTags() {
        var machine = Self.delivered([1, 2, 3, 4, 5, 6])
        machine.deliverySettled(1, multiple: false, channel: 1)
        #expect(machine.channels[1]?.unsettled == [2, 3, 4, 5, 6])
        machine.deliverySettled(4, multiple: true, channel: 1)
        #expect(machine.channels[1]?.unsettled == [5, 6])
        #expect(machine.coalescedAcks([5, 6], channel: 1) == [Self.multiple(6)])
        machine.deliverySettled(9, multiple: false, channel: 1)
        #expect(machine.channels[1]?.unsettled == [5, 6])
        machine.deliverySettled(.max, multiple: true, channel: 1)
        #expect(machine.channels[1]?.unsettled == [])
    }

    @Test("A tag acked before, or twice in the turn, leaves every ack single (the broker reports the error as before)")
    func notUnsettledKeepsSingles() {
        var machine = Self.delivered([1, 2, 3])
        machine.deliverySettled(1, multiple: false, channel: 1)
        #expect(machine.coalescedAcks([1, 2, 3], channel: 1) == [Self.single(1), Self.single(2), Self.single(3)])
        #expect(machine.coalescedAcks([2, 2, 3], channel: 1) == [Self.single(2), Self.single(2), Self.single(3)])
        #expect(machine.coalescedAcks([2, 3, 9], channel: 1) == [Self.single(2), Self.single(3), Self.single(9)])
    }

    @Test("A no-ack consumer's deliveries are not waiting for acks")
    func noAckNotTracked() {
        let machine = Self.delivered([1, 2, 3], noAck: true)
        #expect(machine.channels[1]?.unsettled == [])
    }

    @Test("A delivery whose consumer is gone still waits for an ack: nothing above it is joined")
    func orphanDeliveryBlocksJoining() {
        var machine = Self.delivered([])
        Self.deliver(1, consumer: "gone", to: &machine)
        Self.deliver(2, to: &machine)
        Self.deliver(3, to: &machine)
        #expect(machine.channels[1]?.unsettled == [1, 2, 3])
        #expect(machine.coalescedAcks([2, 3], channel: 1) == [Self.single(2), Self.single(3)])
    }

    @Test("After a manual-ack basic.get on the channel (its tag unknown here), acks are never joined")
    func manualGetStopsJoining() {
        var machine = Self.delivered([1, 2, 3])
        machine.manualGetRequested(channel: 1)
        #expect(machine.coalescedAcks([1, 2, 3], channel: 1) == [Self.single(1), Self.single(2), Self.single(3)])
    }

    @Test("Acks on a channel that is not open stay single")
    func unknownChannel() {
        let machine = Self.delivered([1, 2])
        #expect(machine.coalescedAcks([1, 2], channel: 9) == [Self.single(1), Self.single(2)])
    }
}
