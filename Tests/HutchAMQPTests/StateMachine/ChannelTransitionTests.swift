import HutchConventions
import Testing

@testable import HutchAMQP

/// Channels opened and closed by the client and by the broker. (Live counterparts:
/// `AMQPConnectionLiveTests` 404/406 and reopen, the Worker's channel-leak tests.)
@Suite struct ChannelTransitionTests {
    typealias F = StateMachineFixtures

    @Test("Channel 0 and a channel already open are refused; the lowest free number is handed out")
    func openRefusals() {
        var machine = F.open(channels: [1, 2])
        #expect(machine.openChannelRequested(0)?.code == .invalidArgument)
        #expect(machine.openChannelRequested(1)?.code == .invalidArgument)
        #expect(machine.openChannelRequested(3) == nil)
        #expect((try? machine.freeChannelNumber(max: 0).get()) == 3)
        #expect((try? machine.freeChannelNumber(max: 2).get()) == nil, "all 2 channels are open")
        machine.channelOpened(3)
        #expect(machine.channels[3]?.phase == .open)
    }

    @Test("A call on a channel never opened fails as channelClosed, scope call")
    func neverOpened() {
        let error = F.open(channels: []).callRequested(.queueDeclare, channel: 7)
        #expect(error?.code == .channelClosed)
        #expect(error?.scope == .call)
    }

    @Test("Closing a channel ourselves: closing phase, then consumers end normally, confirms fail, later calls are refused")
    func closedByUs() {
        let feed = F.feed()
        var machine = F.consuming(feed: feed)
        machine.confirmSelected(1)
        machine.published(1, confirmation: F.confirm())
        machine.channelCloseRequested(1)
        #expect(machine.channels[1]?.phase == .closing)
        let endings = machine.channelClosed(1)
        #expect(!endings.destroySocket)
        #expect(endings.feeds.count == 1 && endings.feeds.first?.error == nil)
        #expect(endings.confirms.count == 1)
        if case .failure(let error) = endings.confirms.first?.result { #expect(error.code == .channelClosed) }
        #expect(machine.callRequested(.publish, channel: 1)?.code == .channelClosed)
        #expect(machine.isOpen)
    }

    @Test("A broker channel.close (404/406) is answered, kills only its channel, and later calls report its reply", arguments: [404, 406])
    func closedByBroker(code: Int) {
        let feed = F.feed()
        var machine = F.consuming(feed: feed)
        machine.channelOpened(2)
        let action = machine.frameReceived(.method(channel: 1, .channelClose(F.close(UInt16(code)))))
        guard case .answerChannelClose(let channel, let endings) = action else {
            Issue.record("expected close-ok to be sent")
            return
        }
        #expect(channel == 1)
        #expect(!endings.destroySocket)
        #expect(endings.feeds.first?.feed === feed)
        #expect(endings.feeds.first?.error?.scope == .channel)
        #expect(endings.feeds.first?.error?.code == (code == 404 ? .notFound : .preconditionFailed))
        let later = machine.callRequested(.publish, channel: 1)
        #expect(later?.code == .channelClosed)
        #expect(later?.replyCode == UInt16(code))
        #expect(machine.callRequested(.publish, channel: 2) == nil, "the other channel lives")
        #expect(machine.isOpen)
    }

    @Test("A channel-scoped reply to a call (406 inequivalent arg) kills the channel; reopening clears it")
    func channelScopedCallFailure() {
        var machine = F.open()
        let error = AMQPError.brokerClose(
            Close(
                replyCode: 406,
                replyText:
                    "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true'"),
            connectionLevel: false, operation: .queueDeclare, channel: 1)
        let endings = machine.callFailed(error, channel: 1)
        #expect(!endings.destroySocket)
        let later = machine.callRequested(.queueDeclare, channel: 1)
        #expect(later?.code == .channelClosed)
        #expect(later?.inequivalentArgument?.argument == "durable")
        #expect(machine.openChannelRequested(1) == nil)
        machine.channelOpened(1)
        #expect(machine.callRequested(.queueDeclare, channel: 1) == nil)
    }

    @Test("A call-scoped failure leaves the channel and connection as they were")
    func callScopedFailure() {
        var machine = F.open()
        let endings = machine.callFailed(AMQPError(code: .invalidArgument, operation: .publish, channel: 1), channel: 1)
        #expect(endings.isEmpty)
        #expect(machine.callRequested(.publish, channel: 1) == nil)
    }

    @Test("channel.open refused by the broker at channel scope is remembered; at connection scope (530) it ends the connection")
    func openFailures() {
        var machine = F.open(channels: [])
        let refused = AMQPError.brokerClose(F.close(403), connectionLevel: false, operation: .openChannel, channel: 4)
        #expect(machine.channelOpenFailed(4, refused).isEmpty)
        #expect(machine.callRequested(.publish, channel: 4)?.replyCode == 403)
        #expect(machine.isOpen)
        let fatal = AMQPError.brokerClose(F.close(530), connectionLevel: true, operation: .openChannel, channel: 5)
        #expect(machine.channelOpenFailed(5, fatal).destroySocket)
        #expect(!machine.isOpen)
        #expect(machine.callRequested(.openChannel, channel: nil)?.code == .notAllowed)
    }

    @Test("Deliveries on a channel that died are dropped, not handed out")
    func deliveriesAfterChannelDeath() {
        let feed = F.feed()
        var machine = F.consuming(feed: feed)
        _ = machine.frameReceived(.method(channel: 1, .channelClose(F.close(404))))
        #expect(machine.frameReceived(F.deliver(1)).isNothing)
        #expect(machine.frameReceived(F.header(2)).isNothing)
        #expect(machine.frameReceived(.body(channel: 1, bytes: [1, 2])).isNothing)
    }
}
