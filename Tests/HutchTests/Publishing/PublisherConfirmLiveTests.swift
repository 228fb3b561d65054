import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// Publisher confirms: a message the broker refuses comes back as a typed nack.
@Suite struct PublisherConfirmLiveTests {
    @Test(LiveBroker.reachable) func aMessageTheBrokerRefusesIsReportedAsNacked() async throws {
        let settings = try LiveBroker.settings(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        let queue = LiveBroker.uniqueName("full-q")
        let routingKey = LiveBroker.uniqueName("full-rk")
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("nack"))
        let publisher = Publisher(connection: hutch)
        // The first publish declares the exchange (Hutch.connect); then a queue that
        // holds nothing and refuses what overflows: RabbitMQ nacks what is routed to it.
        try await publisher.publish("warm-up", ["n": 0], confirm: true)
        let amqp = try await AMQPConnection.connect(settings.connection)
        let channel = try await amqp.openChannel()
        try await amqp.declare(
            .queueDeclare(
                QueueDeclare(
                    queue: queue, durable: false, autoDelete: true,
                    arguments: FieldTable(pairs: [
                        ("x-max-length", .int64(0)), ("x-overflow", .string("reject-publish"))
                    ]))), on: channel)
        try await amqp.declare(
            .queueBind(QueueBind(queue: queue, exchange: settings.topology.mqExchange, routingKey: routingKey)), on: channel)

        await #expect {
            try await publisher.publish(routingKey, ["n": 1], confirm: true)
        } throws: { error in
            (error as? AMQPError)?.code == .publishNacked
        }
        // Without confirms the same publish returns: the loss is silent, which is why
        // confirms exist.
        try await publisher.publish(routingKey, ["n": 2], confirm: false)

        _ = try? await amqp.deleteQueue(queue, on: channel)
        await amqp.close()
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [])
    }
}
