import HutchConventions
import Testing

@testable import HutchAMQP

/// Errors are matched by code (`catch AMQPError.Code.notFound`) and carry the scope the
/// state machine gave them.
@Suite struct AMQPErrorMatchingTests {
    func fail(with error: AMQPError) throws { throw error }

    @Test("catch AMQPError.Code.x matches that code only")
    func catchByCode() {
        let error = AMQPError.brokerClose(
            StateMachineFixtures.close(404), connectionLevel: false, operation: .queueBind, channel: 1)
        var matched: String?
        do {
            try fail(with: error)
        } catch AMQPError.Code.preconditionFailed {
            matched = "406"
        } catch AMQPError.Code.notFound {
            matched = "404"
        } catch {
            matched = "other"
        }
        #expect(matched == "404")
        #expect(!(AMQPError.Code.notFound ~= CodecError(code: .valueTooLong, operation: .encodeMethod, expected: "a", found: "b")))
    }

    @Test("A broker close made into an error carries its scope from where it was made")
    func scopeFromOrigin() {
        #expect(
            AMQPError.brokerClose(StateMachineFixtures.close(404), connectionLevel: false, operation: .receive, channel: 2).scope
                == .channel)
        #expect(
            AMQPError.brokerClose(StateMachineFixtures.close(320), connectionLevel: true, operation: .receive, channel: 2).scope
                == .connection)
        #expect(
            AMQPError.brokerClose(
                StateMachineFixtures.close(403), connectionLevel: true, operation: .login, channel: nil, duringLogin: true
            ).code == .authenticationFailed)
    }
}
