import HutchAMQP
import Testing

@Suite struct InequivalentArgumentTests {
    @Test("RabbitMQ's 406 text names the argument and the queue")
    func queue() throws {
        let text = "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'x' in vhost '/': received 'false' but current is 'true'"
        let parsed = try #require(InequivalentArgument(replyText: text))
        #expect(
            parsed
                == InequivalentArgument(
                    argument: "durable", resourceKind: "queue", resourceName: "x", virtualHost: "/",
                    received: "'false'", current: "'true'"))
        let error = AMQPError(code: .preconditionFailed, operation: .queueDeclare, channel: 1, replyCode: 406, replyText: text)
        #expect(error.inequivalentArgument?.argument == "durable")
    }

    @Test("Exchange type and x-arguments")
    func exchange() throws {
        let text =
            "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'hutch' in vhost 'v': received 'direct' but current is 'topic'"
        let parsed = try #require(InequivalentArgument(replyText: text))
        #expect(parsed.argument == "type")
        #expect(parsed.resourceKind == "exchange")
        #expect(parsed.resourceName == "hutch")
        #expect(parsed.virtualHost == "v")
    }

    @Test("Other texts are not parsed")
    func other() {
        #expect(InequivalentArgument(replyText: "NOT_FOUND - no exchange 'x' in vhost '/'") == nil)
    }

    @Test("Server versions order numerically")
    func versions() throws {
        #expect(try #require(ServerVersion("3.10.8")) < ServerVersion(major: 3, minor: 13))
        #expect(ServerVersion("4.0.2-rc.1") == ServerVersion(major: 4, minor: 0, patch: 2))
        #expect(ServerVersion("x") == nil)
    }
}
