import HutchAMQP
import HutchConventions
import Testing

extension TransportBehaviour {
    /// Confirms: a routed publish is acked; an unroutable one is acked too unless
    /// `failWhenUnroutable` (then `publishReturned`); a `mandatory` publish no queue takes
    /// comes back (312 `NO_ROUTE`); a publish to a missing exchange closes the channel with 404.
    static func confirmsAndReturns(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("confirm")
        let nowhere = broker.uniqueName("nowhere")
        try await broker.withTransport(queues: [queue]) { t in
            try await t.declareQueue(queue)
            let (returns, continuation) = AsyncStream.makeStream(of: ReturnedMessage.self)
            try await t.onReturn(channel: 1) { continuation.yield($0) }
            let unconfirmed = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    try await t.publishConfirmed(
                        BasicPublish(exchange: "", routingKey: queue), properties: BasicProperties(), body: [1], on: 1,
                        timeout: .seconds(10), blockedTimeout: .seconds(5), failWhenUnroutable: false)
                })
            #expect(unconfirmed.code == .notInConfirmMode)
            #expect(unconfirmed.scope == .call)

            try await t.settle(finalBody: "routed", routingKey: queue)
            try await t.settle(finalBody: "lost", routingKey: nowhere)
            let returned = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    try await t.publishConfirmed(
                        BasicPublish(exchange: "", routingKey: nowhere), properties: BasicProperties(messageID: "r-1"), body: [2], on: 1,
                        timeout: .seconds(10), blockedTimeout: .seconds(5), failWhenUnroutable: true)
                })
            #expect(returned.code == .publishReturned)
            #expect(returned.returned == BasicReturn(replyCode: 312, replyText: "NO_ROUTE", exchange: "", routingKey: nowhere))

            try await t.publish(
                BasicPublish(exchange: "", routingKey: nowhere, mandatory: true), properties: BasicProperties(messageID: "r-2"),
                body: [3], on: 1, blockedTimeout: .seconds(5))
            var iterator = returns.makeAsyncIterator()
            let first = try #require(await iterator.next())
            #expect(first.properties.messageID == "r-1")
            let second = try #require(await iterator.next())
            #expect(second.method == BasicReturn(replyCode: 312, replyText: "NO_ROUTE", exchange: "", routingKey: nowhere))
            #expect(second.properties.messageID == "r-2")
            #expect(second.body == [3])
            #expect(String(decoding: try #require(try await t.take(queue)).delivery.body, as: UTF8.self) == "routed")

            let missing = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    try await t.publishConfirmed(
                        BasicPublish(exchange: nowhere, routingKey: "k"), properties: BasicProperties(), body: [4], on: 1,
                        timeout: .seconds(10), blockedTimeout: .seconds(5), failWhenUnroutable: false)
                })
            #expect(missing.code == .notFound)
            #expect(missing.scope == .channel)
            #expect(missing.operation == .waitForConfirm)
            #expect(missing.replyText == "NOT_FOUND - no exchange '\(nowhere)' in vhost '/'")
            #expect(missing.classID == 60 && missing.methodID == 40)
        }
    }
}
