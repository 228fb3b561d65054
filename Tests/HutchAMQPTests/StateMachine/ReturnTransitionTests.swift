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

    @Test("basic.return then basic.ack fails a mandatory confirm with publishReturned, naming tag, reply, exchange and routing key")
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
        #expect(error.detail?.contains(#"delivery tag 1 (312 NO_ROUTE for exchange "hutch", routing key "nobody.listens")"#) == true)
        #expect(error.returned == F.noRoute && error.replyCode == 312 && error.replyText == "NO_ROUTE")
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

    @Test("A return without a message id cannot be told apart: every mandatory confirm in flight fails, the others succeed")
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
        #expect(
            machine.frameReceived(.method(channel: 1, .nack(BasicNack(deliveryTag: 1, requeue: false)))).settled?.first?.1 == .publishNacked
        )
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
        #expect(machine.channels[1]?.pendingConfirms[1]?.returned == F.noRoute)
    }

    /// Channel 1 in confirm mode with one mandatory confirmed publish per message id.
    static func publishing(messageIDs: [String]) -> ConnectionStateMachine {
        var machine = F.open()
        machine.confirmSelected(1)
        for id in messageIDs { machine.published(1, confirmation: F.confirm(failsWhenReturned: true, messageID: id)) }
        return machine
    }

    /// The frames of a returned message: `basic.return`, its header with `messageID`, its body.
    static func returnFrames(messageID: String?, body: [UInt8] = [7]) -> [IncomingFrame] {
        [
            F.returned(), .header(channel: 1, properties: BasicProperties(messageID: messageID), bodySize: UInt64(body.count)),
            .body(channel: 1, bytes: body)
        ]
    }

    @Test("The returned message's message id ties the return to its publish: only that confirm fails")
    func returnMatchedByMessageID() {
        var machine = Self.publishing(messageIDs: ["a", "b", "c"])
        for frame in Self.returnFrames(messageID: "b") { _ = machine.frameReceived(frame) }
        let action = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 3, multiple: true))))
        #expect(action.settled?.map(\.0) == [1, 2, 3])
        #expect(action.settled?.map(\.1) == [nil, .publishReturned, nil])
    }

    @Test("Two returns in a row each fail their own publish")
    func twoReturnsMatchTheirOwnPublishes() {
        var machine = Self.publishing(messageIDs: ["a", "b", "c"])
        for frame in Self.returnFrames(messageID: "c") + Self.returnFrames(messageID: "a") { _ = machine.frameReceived(frame) }
        let action = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 3, multiple: true))))
        #expect(action.settled?.map(\.1) == [.publishReturned, nil, .publishReturned])
    }

    @Test("A returned message without a message id keeps every mandatory confirm in flight marked")
    func returnWithoutMessageIDMarksAll() {
        var machine = Self.publishing(messageIDs: ["a", "b"])
        for frame in Self.returnFrames(messageID: nil) { _ = machine.frameReceived(frame) }
        let action = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 2, multiple: true))))
        #expect(action.settled?.map(\.1) == [.publishReturned, .publishReturned])
    }

    @Test("With a return handler the returned message (method, properties, body) goes to it, confirmed or not")
    func returnedMessageGoesToTheHandler() {
        var machine = F.open()
        machine.returnHandlerSet({ _ in }, channel: 1)
        let frames = Self.returnFrames(messageID: "m1", body: [1, 2])
        for frame in frames.dropLast() { #expect(machine.frameReceived(frame).isNothing) }
        guard case .returned(_, let message) = machine.frameReceived(frames[frames.count - 1]) else {
            Issue.record("expected the returned message for the handler")
            return
        }
        #expect(message == ReturnedMessage(method: F.noRoute, properties: BasicProperties(messageID: "m1"), body: [1, 2]))
        #expect(machine.channels[1]?.content == nil)
    }

    @Test("A returned message with an empty body is handed over at its header; without a handler it is dropped")
    func returnedEmptyBody() {
        var machine = F.open(channels: [1, 2])
        machine.returnHandlerSet({ _ in }, channel: 1)
        _ = machine.frameReceived(F.returned())
        guard case .returned(_, let message) = machine.frameReceived(F.header(0)) else {
            Issue.record("expected the returned message at its header")
            return
        }
        #expect(message.body.isEmpty)
        _ = machine.frameReceived(F.returned(channel: 2))
        #expect(machine.frameReceived(F.header(0, channel: 2)).isNothing)
    }
}
