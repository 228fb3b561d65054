import HutchConventions
import Testing

@testable import HutchAMQP

/// Open and close of the connection, without a socket. (Live counterparts:
/// `AMQPConnectionLiveTests`, `ConnectionFailureTests`.)
@Suite struct ConnectionLifecycleTests {
    typealias F = StateMachineFixtures

    @Test("Before the handshake every call is refused as connectionClosed, ending the connection")
    func idleRefusesCalls() {
        let machine = ConnectionStateMachine()
        let error = machine.callRequested(.publish, channel: 1)
        #expect(error?.code == .connectionClosed)
        #expect(error?.scope == .connection)
        #expect(machine.closeRequested().isAlreadyClosed)
    }

    @Test("connected opens the machine with the negotiated heartbeat and RPC timeout")
    func connectedOpens() {
        let machine = F.open(channels: [], heartbeat: 10, rpcTimeout: .seconds(5))
        #expect(machine.isOpen)
        #expect(machine.heartbeat == 10)
        #expect(machine.rpcTimeout == .seconds(5))
        #expect(machine.callRequested(.openChannel, channel: nil) == nil)
    }

    @Test("A graceful close closes every channel in order, then ends consumers normally and fails confirms and held requests")
    func gracefulClose() {
        let feed = F.feed()
        var machine = F.consuming("c1", channel: 3, feed: feed)
        machine.channelOpened(1)
        machine.confirmSelected(1)
        machine.published(1, confirmation: F.confirm())
        guard case .closeGracefully(let channels) = machine.closeRequested() else {
            Issue.record("expected a graceful close")
            return
        }
        #expect(channels == [1, 3])
        let endings = machine.closed()
        #expect(!endings.destroySocket, "the executor destroys the socket itself after the closes")
        #expect(endings.feeds.count == 1)
        #expect(endings.feeds.first?.feed === feed)
        #expect(endings.feeds.first?.error == nil, "consumers end normally")
        #expect(endings.confirms.map(\.deliveryTag) == [1])
        #expect(endings.confirms.first.map { (try? $0.result.get()) == nil } == true)
        #expect(!machine.isOpen)
        #expect(machine.callRequested(.publish, channel: 1)?.code == .connectionClosed)
    }

    @Test("Closing twice does nothing the second time")
    func closeIsIdempotent() {
        var machine = F.open()
        _ = machine.closed()
        #expect(machine.closeRequested().isAlreadyClosed)
        #expect(machine.closed().isEmpty)
    }

    @Test("The sleep lasts half a heartbeat interval at most, a second at most, and ends at the first confirm deadline")
    func waitTimeout() {
        let now = F.start
        #expect(F.open(heartbeat: 0).waitTimeout(from: now) == .seconds(1))
        #expect(F.open(heartbeat: 1).waitTimeout(from: now) == .milliseconds(500))
        #expect(F.open(heartbeat: 60).waitTimeout(from: now) == .seconds(1))
        let machine = F.confirming(1, deadline: now + .milliseconds(200))
        #expect(machine.waitTimeout(from: now) == .milliseconds(201))
        #expect(machine.waitTimeout(from: now + .seconds(5)) == .zero, "a passed deadline wakes at once")
    }

    @Test(
        "A settled confirm's deadline never makes the sleep longer, and after the next tick no shorter: it ends at the earliest pending one"
    )
    func waitTimeoutAfterSettling() {
        let now = F.start
        var machine = F.open()
        machine.confirmSelected(1)
        machine.published(1, confirmation: F.confirm(deadline: now + .milliseconds(200)))
        machine.published(1, confirmation: F.confirm(deadline: now + .milliseconds(500)))
        #expect(machine.waitTimeout(from: now) == .milliseconds(201))
        _ = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 1))))
        #expect(machine.waitTimeout(from: now) <= .milliseconds(501), "never past the pending confirm's deadline")
        #expect(machine.tick(at: now).confirms.isEmpty)
        #expect(machine.waitTimeout(from: now) == .milliseconds(501))
        _ = machine.frameReceived(.method(channel: 1, .ack(BasicAck(deliveryTag: 2))))
        _ = machine.tick(at: now)
        #expect(machine.waitTimeout(from: now) == .seconds(1), "nothing pending: the idle second")
    }
}

extension ConnectionStateMachine.CloseAction {
    var isAlreadyClosed: Bool {
        guard case .alreadyClosed = self else { return false }
        return true
    }
}
