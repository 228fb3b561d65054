import HutchConventions
import Testing

@testable import HutchAMQP

/// Every error gets its scope where it is made: what it ended (the call, its channel,
/// the connection) is decided once, by the code that saw the failure.
@Suite struct ErrorScopeTests {
    /// Every `amqp_status_enum` value librabbitmq has (the generic, TCP and SSL ranges).
    static let statuses: [Int32] = Array(-0x14 ... -0x1) + [-0x100, -0x101] + Array(-0x204 ... -0x200)
    static let openChannel = LibRabbitMQReply.Context(operation: .openChannel, channel: 3)

    @Test("Every librabbitmq status error ends the connection, TLS, invalid-argument and library failures included")
    func libraryStatusesEndTheConnection() {
        for status in Self.statuses {
            let error = LibRabbitMQReply.error(status: status, Self.openChannel)
            #expect(error.scope == .connection, "status \(status) (\(error.code))")
        }
        #expect(LibRabbitMQReply.error(status: -0x200, Self.openChannel).code == .tlsFailed)
        #expect(LibRabbitMQReply.error(status: -0xA, Self.openChannel).code == .invalidArgument)
        #expect(LibRabbitMQReply.error(status: -0x1, Self.openChannel).code == .libraryFailure)
    }

    @Test("A broker connection.close ends the connection whatever its code", arguments: [320, 403, 501, 503, 504, 505, 530, 541])
    func connectionCloseEndsTheConnection(replyCode: Int) {
        let close = Close(replyCode: UInt16(replyCode), replyText: "closed", classID: 0, methodID: 0)
        let error = LibRabbitMQReply.error(close: close, connectionLevel: true, Self.openChannel)
        #expect(error.scope == .connection)
        #expect(error.channel == nil)
    }

    @Test("A broker channel.close ends only its channel whatever its code", arguments: [403, 404, 405, 406, 530])
    func channelCloseEndsTheChannel(replyCode: Int) {
        let close = Close(replyCode: UInt16(replyCode), replyText: "closed", classID: 50, methodID: 10)
        let error = LibRabbitMQReply.error(close: close, connectionLevel: false, Self.openChannel)
        #expect(error.scope == .channel)
        #expect(error.channel == 3)
    }

    @Test("An error made by hand, or a value refused before sending, ends only the call")
    func refusedValuesEndOnlyTheCall() {
        #expect(AMQPError(code: .invalidArgument, operation: .openChannel).scope == .call)
        #expect(
            LibRabbitMQConnection.refused(
                CodecError(code: .valueTooLong, operation: .encodeMethod, expected: "≤ 255 bytes", found: "300"), Self.openChannel
            ).scope == .call)
        #expect(AMQPError(code: .connectionLost, operation: .receive, scope: .connection).scope == .connection)
    }

    @Test("The same failure reported for a later call keeps its scope")
    func reportedKeepsTheScope() {
        let lost = LibRabbitMQReply.error(status: -0x11, Self.openChannel)
        #expect(lost.reported(as: .publish, channel: 1).scope == .connection)
    }
}
