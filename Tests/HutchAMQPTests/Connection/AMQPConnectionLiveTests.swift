import Foundation
import HutchAMQP
import HutchConventions
import HutchTestSupport
import Testing

/// Against the real broker (HUTCH_TEST_BROKER_URL); each test uses its own names.
@Suite(
    LiveBroker.reachable,
    .timeLimit(.minutes(2)))
struct AMQPConnectionLiveTests {
    @Test("Connect: server product, version and capabilities")
    func connect() async throws {
        var options = try LiveBroker.options()
        options.connectionName = LiveBroker.uniqueName("connect")
        let connection = try await AMQPConnection.connect(options)
        #expect(connection.serverProperties.product == "RabbitMQ")
        let version = try #require(connection.serverProperties.version)
        print("broker: \(connection.serverProperties.product ?? "?") \(version), tuning \(connection.tuning)")
        #expect(version >= ServerVersion(major: 3, minor: 8))
        #expect(connection.serverProperties.supports("publisher_confirms"))
        #expect(connection.serverProperties.supports("basic.nack"))
        #expect(connection.tuning.frameMax > 4096)
        #expect(connection.tuning.heartbeat > 0)
        await connection.close()
        await connection.close()
        let late = await expectAMQPError { () throws(AMQPError) in try await connection.openChannel(1) }
        #expect(late?.code == .connectionClosed)
    }

    @Test("Declare, publish and consume: properties and a 1 MiB multi-frame body arrive byte-identical")
    func roundTrip() async throws {
        let queue = LiveBroker.uniqueName("roundtrip")
        try await withLiveConnection(queues: [queue]) { connection in
            let ok = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            #expect(ok == QueueDeclareOK(queue: queue, messageCount: 0, consumerCount: 0))
            try await connection.declare(.basicQos(BasicQos(prefetchCount: 10)), on: 1)
            var generator = SystemRandomNumberGenerator()
            let body = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let properties = BasicProperties(
                contentType: "application/json", headers: FieldTable(pairs: [("x-n", .int64(7)), ("s", .string("v"))]),
                deliveryMode: 2, priority: 1, correlationID: "c-1", messageID: "m-1", timestamp: 1_700_000_000,
                type: "t", appID: "hutch-test")
            try await connection.publish(BasicPublish(exchange: "", routingKey: queue), properties: properties, body: body, on: 1)
            let deliveries = try await connection.consume(BasicConsume(queue: queue, consumerTag: "tag-\(queue)"), on: 1)
            var iterator = deliveries.makeAsyncIterator()
            let delivery = try #require(try await iterator.next())
            #expect(delivery.body.count == body.count)
            #expect(delivery.body == body)
            #expect(delivery.properties == properties)
            #expect(delivery.consumerTag == "tag-\(queue)")
            #expect(delivery.routingKey == queue)
            #expect(delivery.exchange == "")
            #expect(!delivery.redelivered)
            try await connection.ack(delivery)
            try await connection.cancel(consumerTag: "tag-\(queue)", on: 1)
            #expect(try await iterator.next() == nil)
            let after = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            #expect(after?.messageCount == 0)
        }
    }

    @Test("Publisher confirms: every publish is acked")
    func confirms() async throws {
        let queue = LiveBroker.uniqueName("confirms")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            try await connection.confirmSelect(on: 1)
            for index in 0..<10 {
                try await connection.publishConfirmed(
                    BasicPublish(exchange: "", routingKey: queue), body: Array("m\(index)".utf8), on: 1, timeout: .seconds(10))
            }
            let ok = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            #expect(ok?.messageCount == 10)
            let unconfirmed = await expectAMQPError { () throws(AMQPError) in
                try await connection.openChannel(2)
                try await connection.publishConfirmed(BasicPublish(exchange: "", routingKey: queue), body: [], on: 2)
            }
            #expect(unconfirmed?.code == .notInConfirmMode)
        }
    }

    @Test("406 on redeclaring a queue with other arguments names the argument and kills only the channel")
    func preconditionFailed() async throws {
        let queue = LiveBroker.uniqueName("406")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            let error = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: true)), on: 1)
                })
            #expect(error.code == .preconditionFailed)
            #expect(error.replyCode == 406)
            #expect(error.channel == 1)
            #expect(error.operation == .queueDeclare)
            #expect(error.classID == 50 && error.methodID == 10)
            #expect(error.inequivalentArgument?.argument == "durable")
            #expect(error.inequivalentArgument?.resourceKind == "queue")
            #expect(error.inequivalentArgument?.resourceName == queue)
            print("406 as reported: \(error)")

            let dead = await expectAMQPError { () throws(AMQPError) in
                try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            }
            #expect(dead?.code == .channelClosed)
            #expect(dead?.replyCode == 406)

            try await connection.openChannel(2)
            let ok = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 2)
            #expect(ok?.queue == queue)
            try await connection.openChannel(1)
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
        }
    }

    @Test("404 on publishing to and binding a missing exchange")
    func notFound() async throws {
        let queue = LiveBroker.uniqueName("404")
        let missing = LiveBroker.uniqueName("missing-exchange")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            let bind = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    try await connection.declare(.queueBind(QueueBind(queue: queue, exchange: missing, routingKey: "#")), on: 1)
                })
            #expect(bind.code == .notFound)
            #expect(bind.replyCode == 404)
            #expect(bind.replyText?.contains(missing) == true)

            try await connection.openChannel(2)
            try await connection.confirmSelect(on: 2)
            let publish = try #require(
                await expectAMQPError { () throws(AMQPError) in
                    try await connection.publishConfirmed(BasicPublish(exchange: missing, routingKey: "k"), body: [1], on: 2)
                })
            #expect(publish.code == .notFound)
            #expect(publish.channel == 2)
            #expect(publish.classID == 60 && publish.methodID == 40)

            try await connection.openChannel(3)
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 3)
        }
    }

    @Test("A wrong password is an authentication failure")
    func wrongPassword() async throws {
        var options = try LiveBroker.options()
        options.password = "definitely-not-the-password"
        let error = await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(options) }
        #expect(error?.code == .authenticationFailed)
        print("wrong password as reported: \(String(describing: error))")
    }

    @Test("An unknown vhost is 530 NOT_ALLOWED")
    func unknownVirtualHost() async throws {
        var options = try LiveBroker.options()
        options.virtualHost = LiveBroker.uniqueName("no-vhost")
        let error = await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(options) }
        #expect(error?.code == .notAllowed)
        #expect(error?.replyCode == 530)
    }

    @Test("Ack, nack without requeue drops, reject with requeue redelivers with redelivered set")
    func acknowledgements() async throws {
        let queue = LiveBroker.uniqueName("acks")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            try await connection.declare(.basicQos(BasicQos(prefetchCount: 1)), on: 1)
            try await connection.publish(BasicPublish(exchange: "", routingKey: queue), body: Array("a".utf8), on: 1)
            try await connection.publish(BasicPublish(exchange: "", routingKey: queue), body: Array("b".utf8), on: 1)
            var iterator = try await connection.consume(BasicConsume(queue: queue, consumerTag: "acks"), on: 1).makeAsyncIterator()

            let a = try #require(try await iterator.next())
            #expect(a.body == Array("a".utf8))
            try await connection.nack(a, requeue: false)

            let b = try #require(try await iterator.next())
            #expect(b.body == Array("b".utf8))
            #expect(!b.redelivered)
            try await connection.reject(b, requeue: true)

            let again = try #require(try await iterator.next())
            #expect(again.body == Array("b".utf8))
            #expect(again.redelivered)
            try await connection.ack(again)

            try await connection.cancel(consumerTag: "acks", on: 1)
            #expect(try await iterator.next() == nil)
            let ok = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            #expect(ok?.messageCount == 0)
        }
    }

    @Test("2000 confirmed publishes from 20 tasks are serialized safely and all arrive")
    func concurrentPublishes() async throws {
        let queue = LiveBroker.uniqueName("concurrent")
        try await withLiveConnection(queues: [queue]) { connection in
            try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false)), on: 1)
            try await connection.confirmSelect(on: 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<20 {
                    group.addTask {
                        for index in 0..<100 {
                            try await connection.publishConfirmed(
                                BasicPublish(exchange: "", routingKey: queue), body: Array("\(task)-\(index)".utf8), on: 1)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let ok = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: 1)
            #expect(ok?.messageCount == 2000)

            var seen = Set<[UInt8]>()
            var iterator = try await connection.consume(BasicConsume(queue: queue, consumerTag: "all", noAck: true), on: 1)
                .makeAsyncIterator()
            while seen.count < 2000, let delivery = try await iterator.next() {
                seen.insert(delivery.body)
            }
            #expect(seen.count == 2000)
        }
    }

    @Test("The broker closing the connection (vhost deleted) ends deliveries and later calls with a typed error")
    func brokerClosesConnection() async throws {
        let vhost = LiveBroker.uniqueName("vhost")
        try await TestBroker.makeVirtualHost(vhost)
        var options = try LiveBroker.options()
        options.virtualHost = vhost
        let connection = try await AMQPConnection.connect(options)
        try await connection.openChannel(1)
        try await connection.declare(.queueDeclare(QueueDeclare(queue: "q", durable: false)), on: 1)
        var iterator = try await connection.consume(BasicConsume(queue: "q", consumerTag: "c"), on: 1).makeAsyncIterator()
        try await TestBroker.deleteVirtualHost(vhost)

        let ended = await expectAMQPError { () throws(AMQPError) in _ = try await iterator.next() }
        #expect(ended?.code == .connectionClosedByBroker)
        #expect(ended?.replyCode == 320)
        print("broker close as reported: \(String(describing: ended))")
        let later = await expectAMQPError { () throws(AMQPError) in
            try await connection.publish(BasicPublish(exchange: "", routingKey: "q"), body: [], on: 1)
        }
        #expect(later?.code == .connectionClosedByBroker)
        #expect(later?.operation == .publish)
        await connection.close()
    }

    @Test("TLS against the plain AMQP port fails as a TLS handshake error")
    func tlsHandshake() async throws {
        var handshake = try LiveBroker.options()
        handshake.tls = TLSOptions(verifyPeer: false, verifyHostname: false)
        handshake.connectTimeout = .seconds(3)
        let handshakeError = await expectAMQPError { () throws(AMQPError) in _ = try await AMQPConnection.connect(handshake) }
        print("TLS against a plain port as reported: \(String(describing: handshakeError))")
        #expect(handshakeError?.code == .tlsFailed)
    }

    @Test("An idle connection with 1-second heartbeats stays open: the I/O thread sends them")
    func idleHeartbeats() async throws {
        var options = try LiveBroker.options()
        options.heartbeat = 1
        let connection = try await AMQPConnection.connect(options)
        #expect(connection.tuning.heartbeat == 1)
        try await connection.openChannel(1)
        try await Task.sleep(for: .seconds(4))
        let queue = LiveBroker.uniqueName("heartbeat")
        let ok = try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, durable: false, autoDelete: true)), on: 1)
        #expect(ok?.queue == queue)
        try await connection.deleteQueue(queue, on: 1)
        await connection.close()
    }
}
