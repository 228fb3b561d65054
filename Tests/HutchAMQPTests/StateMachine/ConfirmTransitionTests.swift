import HutchConventions
import Testing

@testable import HutchAMQP

/// Publisher confirms: delivery tags, acks and nacks (single and multiple), timeouts.
/// (Live counterparts: `AMQPConnectionLiveTests` confirms, the Publisher's confirm tests.)
@Suite struct ConfirmTransitionTests {
    typealias F = StateMachineFixtures

    @Test("confirm.select is sent once; a confirmed publish outside confirm mode is refused")
    func confirmMode() {
        var machine = F.open()
        let outsideConfirmMode = machine.publishRequested(1, confirmed: true)
        #expect(outsideConfirmMode?.code == .notInConfirmMode)
        let unconfirmed = machine.publishRequested(1, confirmed: false)
        #expect(unconfirmed == nil)
        #expect(machine.confirmSelectNeeded(1))
        machine.confirmSelected(1)
        #expect(machine.channels[1]?.phase == .confirmMode)
        #expect(!machine.confirmSelectNeeded(1))
        let inConfirmMode = machine.publishRequested(1, confirmed: true)
        #expect(inConfirmMode == nil)
    }

    @Test("Every publish in confirm mode takes the next tag, confirmed or not")
    func tagsCount() {
        var machine = F.confirming(2)
        machine.published(1, confirmation: nil)
        machine.published(1, confirmation: F.confirm())
        #expect(machine.channels[1]?.nextPublishTag == 5)
        #expect(machine.channels[1]?.pendingConfirms.keys.sorted() == [1, 2, 4])
    }

    @Test("basic.ack settles its tag only")
    func singleAck() {
        var machine = F.confirming(3)
        let action = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 2))))
        #expect(action.settled?.map(\.0) == [2])
        #expect(action.settled?.first?.1 == nil)
        #expect(machine.channels[1]?.pendingConfirms.keys.sorted() == [1, 3])
    }

    @Test("A multiple ack settles every tag up to it, in order")
    func multipleAck() {
        var machine = F.confirming(4)
        let action = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 3, multiple: true))))
        #expect(action.settled?.map(\.0) == [1, 2, 3])
        #expect(machine.channels[1]?.pendingConfirms.keys.sorted() == [4])
    }

    @Test("Multiple acks after single ones and expiries settle each pending tag once, in order, none beyond the last given out")
    func multipleAcksAfterSingleOnes() {
        var machine = F.confirming(3)
        machine.published(1, confirmation: nil)
        machine.published(1, confirmation: F.confirm(deadline: F.start + .seconds(1)))
        machine.published(1, confirmation: F.confirm())
        #expect(machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 1)))).settled?.map(\.0) == [1])
        #expect(machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 3)))).settled?.map(\.0) == [3])
        // Tag 5 times out; tag 4 was published without a confirmation to wait for.
        #expect(machine.tick(at: F.start + .seconds(2)).confirms.map(\.deliveryTag) == [5])
        let upTo4 = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 4, multiple: true))))
        #expect(upTo4.settled?.map(\.0) == [2])
        let again = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 4, multiple: true))))
        #expect(again.settled?.isEmpty == true, "tags already settled are not settled twice")
        // A tag beyond the last one given out covers what is pending and nothing more.
        let beyond = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: .max, multiple: true))))
        #expect(beyond.settled?.map(\.0) == [6])
        machine.published(1, confirmation: F.confirm())
        let next = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 7, multiple: true))))
        #expect(next.settled?.map(\.0) == [7])
        #expect(machine.channels[1]?.pendingConfirms.isEmpty == true)
    }

    @Test("basic.nack fails its publish with publishNacked and keeps the channel healthy")
    func nackKeepsChannel() {
        var machine = F.confirming(2)
        let action = machine.frameReceived(.method(channel: 1, .nack(BasicNack(deliveryTag: 1, requeue: false))))
        #expect(action.settled?.map(\.0) == [1])
        #expect(action.settled?.first?.1 == .publishNacked)
        #expect(machine.callRequested(.publish, channel: 1) == nil)
        let afterNack = machine.publishRequested(1, confirmed: true)
        #expect(afterNack == nil)
    }

    @Test("A multiple nack fails every tag up to it and names the range")
    func multipleNack() {
        var machine = F.confirming(3)
        guard
            case .settle(let settled) = machine.frameReceived(
                .method(channel: 1, .nack(BasicNack(deliveryTag: 2, multiple: true, requeue: false))))
        else {
            Issue.record("expected settled confirms")
            return
        }
        #expect(settled.map(\.deliveryTag) == [1, 2])
        if case .failure(let error) = settled[1].result {
            #expect(error.detail == "the broker nacked delivery tag 2 (multiple up to 2)")
            #expect(error.scope == .call)
        }
    }

    @Test("A confirm whose deadline passes fails with confirmTimeout; others keep waiting")
    func confirmTimeout() {
        var machine = F.open()
        machine.confirmSelected(1)
        machine.published(1, confirmation: F.confirm(deadline: F.start + .seconds(1)))
        machine.published(1, confirmation: F.confirm(deadline: F.start + .seconds(10)))
        #expect(machine.tick(at: F.start).confirms.isEmpty)
        let (confirms, expired) = machine.tick(at: F.start + .seconds(2))
        #expect(expired.isEmpty)
        #expect(confirms.map(\.deliveryTag) == [1])
        if case .failure(let error) = confirms.first?.result { #expect(error.code == .confirmTimeout) }
        #expect(machine.channels[1]?.pendingConfirms.keys.sorted() == [2])
    }

    @Test("An ack for an unknown tag or channel does nothing")
    func strayAck() {
        var machine = F.confirming(1)
        #expect(machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 9)))).settled?.isEmpty == true)
        #expect(machine.frameReceived(.method(channel: 8, .ack(BasicAck(deliveryTag: 1)))).isNothing)
    }
}
