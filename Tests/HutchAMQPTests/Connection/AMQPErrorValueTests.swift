import Testing

@testable import HutchAMQP

/// `AMQPError` keeps its broker and librabbitmq context behind one reference: a value
/// semantics type all the same, small enough not to bloat the async frames it travels in.
@Suite struct AMQPErrorValueTests {
    @Test("An error is a few words wide, whatever context it carries")
    func small() {
        // Inline it was about 280 bytes: every Result and typed throw of the publish path
        // held that much in the async frames it crossed.
        #expect(MemoryLayout<AMQPError>.size <= 40, "AMQPError is \(MemoryLayout<AMQPError>.size) bytes")
    }

    @Test("Setting a field of a copy leaves the original as it was")
    func valueSemantics() {
        let original = AMQPError(
            code: .notFound, operation: .publish, channel: 3, replyCode: 404, replyText: "NOT_FOUND - no exchange 'x'",
            detail: "first")
        var copy = original
        copy.detail = "second"
        copy.blockedReason = "low on memory"
        #expect(original.detail == "first")
        #expect(original.blockedReason == nil)
        #expect(copy.detail == "second")
        #expect(copy.blockedReason == "low on memory")
        #expect(copy.replyCode == 404 && copy.replyText == original.replyText)
        #expect(copy != original)
        copy.detail = "first"
        copy.blockedReason = nil
        #expect(copy == original)
    }

    @Test("Errors without context equal one whose context was set and cleared")
    func emptyContext() {
        let bare = AMQPError(code: .connectionClosed, operation: .close, scope: .connection)
        #expect(bare.detail == nil && bare.replyCode == nil && bare.returned == nil)
        var cleared = bare
        cleared.detail = "x"
        #expect(cleared != bare)
        cleared.detail = nil
        #expect(cleared == bare)
        #expect(bare != AMQPError(code: .connectionClosed, operation: .close, scope: .call))
    }

    @Test("The factories' context survives: a return, a blocked reason, an earlier close")
    func factories() {
        let returned = BasicReturn(replyCode: 312, replyText: "NO_ROUTE", exchange: "hutch", routingKey: "nowhere")
        let error = AMQPError.publishReturned(returned, channel: 2, deliveryTag: 7)
        #expect(error.returned == returned)
        #expect(error.replyCode == 312 && error.replyText == "NO_ROUTE")
        #expect(error.description.contains("delivery tag 7"))
        let blocked = AMQPError.connectionBlocked(reason: "low on disk", operation: .publish, channel: 1, patience: .seconds(1))
        #expect(blocked.blockedReason == "low on disk")
        let dead = AMQPError(
            code: .preconditionFailed, operation: .queueDeclare, channel: 1, replyCode: 406,
            replyText:
                "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'x' in vhost '/': received 'false' but current is 'true'",
            classID: 50, methodID: 10, scope: .channel)
        let later = AMQPError.channelClosedEarlier(dead, operation: .publish, channel: 1)
        #expect(later.inequivalentArgument == dead.inequivalentArgument && later.inequivalentArgument != nil)
        #expect(later.classID == 50 && later.methodID == 10 && later.replyCode == 406)
    }
}
