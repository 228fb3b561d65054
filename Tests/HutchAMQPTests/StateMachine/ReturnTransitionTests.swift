import HutchConventions
import Testing

@testable import HutchAMQP

/// Mandatory confirmed publishes (`publishConfirmed(failWhenUnroutable:)`): a `basic.return`
/// before the `basic.ack` of the same publish makes it fail with `publishReturned`.
/// (Live counterpart: `BasicGetLiveTests`' unroutable mandatory publish.)
@Suite struct ReturnTransitionTests {
    typealias F = StateMachineFixtures

    /// Channel 1 in confirm mode with one confirmed publish per entry of `mandatory`
    /// (delivery tags from 1), each failing when returned as given.
    static func publishing(_ mandatory: [Bool]) -> ConnectionStateMachine {
        var machine = F.open()
        machine.confirmSelected(1)
        for failsWhenReturned in mandatory {
            machine.published(1, confirmation: F.confirm(failsWhenReturned: failsWhenReturned))
        }
        return machine
    }

    @Test("basic.return then basic.ack fails a mandatory confirm with publishReturned, naming tag and reply")
    func returnThenAck() {
        var machine = Self.publishing([true])
        #expect(machine.frameReceived(F.returned()).isNothing)
        guard case .settle(let settled) = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 1)))) else {
            Issue.record("expected the ack to settle tag 1")
            return
        }
        #expect(settled.map(\.deliveryTag) == [1])
        guard case .failure(let error) = settled.first?.result else {
            Issue.record("a returned mandatory publish was reported as routed")
            return
        }
        #expect(error.code == .publishReturned)
        #expect(error.operation == .waitForConfirm && error.channel == 1 && error.scope == .call)
        #expect(error.detail?.contains("delivery tag 1 (312 NO_ROUTE)") == true)
        #expect(machine.channels[1]?.pendingConfirms.isEmpty == true)
    }

    @Test("A mandatory confirm acked without a return succeeds")
    func ackWithoutReturn() {
        var machine = Self.publishing([true])
        #expect(machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 1)))).settled?.first?.1 == nil)
    }

    @Test("A return does not fail a confirm published without failWhenUnroutable")
    func returnIgnoredWithoutMandatory() {
        var machine = Self.publishing([false])
        _ = machine.frameReceived(F.returned())
        #expect(machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 1)))).settled?.map(\.1) == [nil])
    }

    @Test("A return cannot be told apart: every mandatory confirm in flight fails, the others succeed")
    func returnMarksEveryMandatoryInFlight() {
        var machine = Self.publishing([true, false, true])
        _ = machine.frameReceived(F.returned())
        let action = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 3, multiple: true))))
        #expect(action.settled?.map(\.0) == [1, 2, 3])
        #expect(action.settled?.map(\.1) == [.publishReturned, nil, .publishReturned])
    }

    @Test("A nack after a return reports publishNacked")
    func returnThenNack() {
        var machine = Self.publishing([true])
        _ = machine.frameReceived(F.returned())
        #expect(machine.frameReceived(.method(channel: 1, .nack(BasicNack(deliveryTag: 1, requeue: false)))).settled?.first?.1 == .publishNacked)
    }

    @Test("A return on another channel leaves this channel's confirms alone")
    func returnIsPerChannel() {
        var machine = Self.publishing([true])
        machine.channelOpened(2)
        machine.confirmSelected(2)
        _ = machine.frameReceived(F.returned(channel: 2))
        #expect(machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 1)))).settled?.map(\.1) == [nil])
    }

    @Test("The returned message's header and body are dropped, not delivered to a consumer")
    func returnedContentDropped() {
        var machine = Self.publishing([true])
        _ = machine.frameReceived(F.returned())
        #expect(machine.frameReceived(F.header(3)).isNothing)
        #expect(machine.frameReceived(.body(channel: 1, bytes: [1, 2, 3])).isNothing)
        #expect(machine.channels[1]?.content == nil)
        #expect(machine.channels[1]?.pendingConfirms[1]?.returned == "312 NO_ROUTE")
    }
}
