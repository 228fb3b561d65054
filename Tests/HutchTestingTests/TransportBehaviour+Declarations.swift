import HutchAMQP
import HutchConventions
import Testing

extension TransportBehaviour {
    /// A passive declaration of a missing queue or exchange: 404, the channel closes, a
    /// later call on it says so; the connection goes on.
    static func passiveDeclareOfMissing(_ broker: BrokerUnderTest) async throws {
        let missing = broker.uniqueName("missing")
        try await broker.withTransport { t in
            let error = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await t.declare(.queueDeclare(QueueDeclare(queue: missing, passive: true)), on: 1)
                })
            #expect(error.code == .notFound)
            #expect(error.scope == .channel)
            #expect(error.operation == .queueDeclare)
            #expect(error.channel == 1)
            #expect(error.replyCode == 404)
            #expect(error.replyText == "NOT_FOUND - no queue '\(missing)' in vhost '/'")
            #expect(error.classID == 50 && error.methodID == 10)
            let later = try #require(await expectAMQPError { () throws(AMQPError) in _ = try await t.take(missing) })
            #expect(later.code == .channelClosed)
            #expect(later.replyCode == 404)
            #expect(later.scope == .call)

            try await t.openChannel(1)
            let exchange = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await t.declare(.exchangeDeclare(ExchangeDeclare(exchange: missing, passive: true)), on: 1)
                })
            #expect(exchange.code == .notFound)
            #expect(exchange.replyText == "NOT_FOUND - no exchange '\(missing)' in vhost '/'")
            #expect(exchange.classID == 40 && exchange.methodID == 10)

            try await t.openChannel(1)
            let bind = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await t.declare(.queueBind(QueueBind(queue: missing, exchange: missing, routingKey: "k")), on: 1)
                })
            #expect(bind.replyText == "NOT_FOUND - no exchange '\(missing)' in vhost '/'")

            try await t.openChannel(1)
            let purge = try #require(await expectAMQPError { () throws(AMQPError) in _ = try await t.purgeQueue(missing, on: 1) })
            #expect(purge.replyText == "NOT_FOUND - no queue '\(missing)' in vhost '/'")
            #expect(purge.classID == 50 && purge.methodID == 30)

            try await t.openChannel(1)
            // Deleting what does not exist is fine.
            #expect(try await t.deleteQueue(missing, ifUnused: false, ifEmpty: false, on: 1) == 0)
            try await t.deleteExchange(missing, ifUnused: false, on: 1)
        }
    }

    /// Redeclaring with other flags or arguments: 406 with RabbitMQ's words, channel scope.
    static func redeclareWithOtherArguments(_ broker: BrokerUnderTest) async throws {
        let queue = broker.uniqueName("redeclare")
        let exchange = broker.uniqueName("redeclare-x")
        try await broker.withTransport(queues: [queue], exchanges: [exchange]) { t in
            try await t.declareQueue(queue, arguments: FieldTable(pairs: [("x-message-ttl", .int32(1000)), ("x-foo", .string("a"))]))
            // Integers of another width and arguments RabbitMQ does not compare are equivalent.
            let ok = try await t.declare(
                .queueDeclare(QueueDeclare(queue: queue, durable: false, arguments: FieldTable(pairs: [("x-message-ttl", .int64(1000))]))),
                on: 1)
            #expect(ok == QueueDeclareOK(queue: queue, messageCount: 0, consumerCount: 0))

            let durable = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await t.declare(.queueDeclare(QueueDeclare(queue: queue, durable: true)), on: 1)
                })
            #expect(durable.code == .preconditionFailed)
            #expect(durable.scope == .channel)
            #expect(
                durable.replyText
                    == "PRECONDITION_FAILED - inequivalent arg 'durable' for queue '\(queue)' in vhost '/': received 'true' but current is 'false'"
            )
            #expect(durable.inequivalentArgument?.argument == "durable")

            try await t.openChannel(1)
            let ttl = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await t.declare(
                        .queueDeclare(
                            QueueDeclare(queue: queue, durable: false, arguments: FieldTable(pairs: [("x-message-ttl", .int32(2000))]))),
                        on: 1)
                })
            #expect(
                ttl.replyText
                    == "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue '\(queue)' in vhost '/': received '2000' but current is '1000'"
            )

            try await t.openChannel(1)
            let dlx = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await t.declare(
                        .queueDeclare(
                            QueueDeclare(
                                queue: queue, durable: false,
                                arguments: FieldTable(pairs: [
                                    ("x-message-ttl", .int32(1000)), ("x-dead-letter-exchange", .string("dlx"))
                                ]))),
                        on: 1)
                })
            #expect(
                dlx.replyText
                    == "PRECONDITION_FAILED - inequivalent arg 'x-dead-letter-exchange' for queue '\(queue)' in vhost '/': received the value 'dlx' of type 'longstr' but current is none"
            )

            try await t.openChannel(1)
            _ = try await t.declare(.exchangeDeclare(ExchangeDeclare(exchange: exchange, type: "topic", durable: false)), on: 1)
            let type = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    _ = try await t.declare(.exchangeDeclare(ExchangeDeclare(exchange: exchange, type: "fanout", durable: false)), on: 1)
                })
            #expect(type.code == .preconditionFailed)
            #expect(
                type.replyText
                    == "PRECONDITION_FAILED - inequivalent arg 'type' for exchange '\(exchange)' in vhost '/': received 'fanout' but current is 'topic'"
            )
            #expect(type.classID == 40 && type.methodID == 10)
        }
    }
}
