import Hutch
import HutchAMQP
import Testing

/// One answer to "did this error end the connection?": the scope HutchAMQP gave the
/// error where it was made. Whether to retry a connect adds only the refusals that a
/// retry cannot fix.
@Suite struct AMQPErrorRecoveryTests {
    @Test(
        "Ends the connection exactly when the scope is the connection, whatever the code",
        arguments: [
            AMQPError.Code.connectionLost, .connectionClosedByBroker, .heartbeatTimeout, .timeout, .connectionClosed,
            .protocolError, .tlsFailed, .invalidArgument, .libraryFailure, .accessRefused, .notAllowed
        ])
    func endsConnectionFollowsTheScope(code: AMQPError.Code) {
        #expect(AMQPError(code: code, operation: .receive, scope: .connection).endsConnection)
        #expect(!AMQPError(code: code, operation: .receive, scope: .channel).endsConnection)
        #expect(!AMQPError(code: code, operation: .receive, scope: .call).endsConnection)
    }

    @Test("A connection.close 530 or 403 in the middle of a session ends the connection and is worth reconnecting")
    func connectionClosesMidSessionAreTransient() {
        for (code, reply) in [(AMQPError.Code.notAllowed, UInt16(530)), (.accessRefused, 403), (.connectionClosedByBroker, 541)] {
            let error = AMQPError(code: code, operation: .openChannel, replyCode: reply, scope: .connection)
            #expect(error.endsConnection)
            #expect(error.isTransient)
        }
    }

    @Test("Connecting: an unreachable or lost broker is retried; refused settings are not")
    func connectRetries() {
        for code in [AMQPError.Code.connectionRefused, .hostUnreachable, .connectTimeout, .connectionLost, .protocolError] {
            #expect(AMQPError(code: code, operation: .connect, scope: .connection).isTransient, "\(code)")
        }
        for code in [AMQPError.Code.authenticationFailed, .notAllowed, .accessRefused, .tlsFailed] {
            #expect(!AMQPError(code: code, operation: .login, scope: .connection).isTransient, "\(code)")
            #expect(!AMQPError(code: code, operation: .connect, scope: .connection).isTransient, "\(code)")
        }
        // Refused before anything was sent: nothing to reconnect.
        #expect(!AMQPError(code: .invalidURL, operation: .parseURL).isTransient)
        #expect(!AMQPError(code: .invalidArgument, operation: .connect).isTransient)
    }

    @Test("A channel-level close (406, 404, 403) is not a lost connection")
    func channelClosesDoNotEndTheConnection() {
        for code in [AMQPError.Code.preconditionFailed, .notFound, .accessRefused] {
            let error = AMQPError(code: code, operation: .queueDeclare, channel: 1, scope: .channel)
            #expect(!error.endsConnection)
            #expect(!error.isTransient)
        }
        #expect(!AMQPError(code: .publishNacked, operation: .waitForConfirm).endsConnection)
        #expect(!AMQPError(code: .confirmTimeout, operation: .waitForConfirm).endsConnection)
    }
}
