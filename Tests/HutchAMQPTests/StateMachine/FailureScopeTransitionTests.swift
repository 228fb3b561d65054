import HutchConventions
import Testing

@testable import HutchAMQP

/// What each kind of failure ends, applied by the state machine: broker
/// `connection.close`, heartbeat timeout, RPC timeout, every librabbitmq status.
/// (Live counterparts: `ConnectionFailureTests`, broker restarts, the 530 test, `ErrorScopeTests`.)
@Suite struct FailureScopeTransitionTests {
    typealias F = StateMachineFixtures

    @Test("A broker connection.close is answered and ends everything with connection scope", arguments: [320, 403, 530, 501, 503, 541])
    func connectionCloseFromBroker(code: Int) {
        let feed = F.feed()
        var machine = F.consuming(feed: feed)
        machine.channelOpened(2)
        machine.confirmSelected(2)
        machine.published(2, confirmation: F.confirm())
        guard case .answerConnectionClose(let endings) = machine.frameReceived(.method(channel: 0, .connectionClose(F.close(UInt16(code)))))
        else {
            Issue.record("expected close-ok to be sent")
            return
        }
        #expect(endings.destroySocket)
        #expect(endings.feeds.first?.feed === feed && endings.feeds.first?.error?.scope == .connection)
        #expect(endings.confirms.count == 1)
        let later = machine.callRequested(.publish, channel: 2)
        #expect(later?.scope == .connection && later?.replyCode == UInt16(code))
        #expect(later?.operation == .publish, "reported as the later call")
        #expect(!machine.isOpen && machine.frameReceived(F.deliver(1)).isNothing)
    }

    @Test("A heartbeat timeout while reading fails the connection")
    func heartbeatTimeout() {
        var machine = F.open(heartbeat: 1)
        let error = LibRabbitMQReply.error(status: -0x0F, .init(operation: .receive))  // AMQP_STATUS_HEARTBEAT_TIMEOUT
        guard case .fail(let endings) = machine.receiveFailed(error) else {
            Issue.record("expected the connection to fail")
            return
        }
        #expect(endings.destroySocket)
        #expect(machine.callRequested(.ack, channel: 1)?.code == .heartbeatTimeout)
    }

    @Test("An RPC without a reply in time fails the connection (timeout)")
    func rpcTimeout() {
        var machine = F.open()
        let error = LibRabbitMQReply.error(status: -0x0D, .init(operation: .queueDeclare, channel: 1))  // AMQP_STATUS_TIMEOUT
        #expect(error.code == .timeout)
        #expect(machine.callFailed(error, channel: 1).destroySocket)
        #expect(machine.callRequested(.queueDeclare, channel: 1)?.code == .timeout)
    }

    @Test("Every librabbitmq status, met by any call, ends the connection", arguments: ErrorScopeTests.statuses)
    func everyStatusEndsTheConnection(status: Int32) {
        var machine = F.open()
        let error = LibRabbitMQReply.error(status: status, .init(operation: .publish, channel: 1))
        #expect(machine.callFailed(error, channel: 1).destroySocket)
        #expect(!machine.isOpen)
        #expect(machine.callRequested(.publish, channel: 1)?.scope == .connection)
    }

    @Test("Only the first connection failure counts")
    func firstFailureWins() {
        var machine = F.open()
        _ = machine.connectionFailed(AMQPError(code: .connectionLost, operation: .receive, scope: .connection))
        #expect(machine.connectionFailed(AMQPError(code: .heartbeatTimeout, operation: .receive, scope: .connection)).isEmpty)
        #expect(machine.callRequested(.ack, channel: 1)?.code == .connectionLost)
    }
}
