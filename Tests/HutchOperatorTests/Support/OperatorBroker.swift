import Foundation
import Hutch
import HutchAMQP
import HutchConformance
import HutchConventions
import HutchManagement
import HutchTestSupport
import Testing

/// The test broker for the operator's tools: a unique exchange per test, its dead queue
/// and a consumer queue, dead messages put there as the worker puts them.
struct OperatorBroker {
    /// The condition of every live test: skipped, with the reason, when the broker does not answer.
    static let reachable: ConditionTrait = .enabled("needs a reachable RabbitMQ at HUTCH_TEST_BROKER_URL; scripts/test.sh starts one") {
        await TestBroker.isReachable(for: "HutchOperatorTests")
    }

    /// The management API of the test broker, or `nil` (the tests needing it say so).
    static var management: ManagementAPI? {
        guard let base = TestBroker.managementURL, !base.isEmpty else { return nil }
        return ManagementAPI(baseURL: base, username: "guest", password: "guest")
    }

    let settings: HutchClientSettings
    let connection: AMQPConnection
    let channel: UInt16
    let routingKey: String
    let consumerQueue: String

    var exchange: String { settings.topology.mqExchange }
    var deadQueue: DeadQueue { DeadQueue(exchange: exchange) }

    /// Connects, declares a unique exchange, its dead queue and a consumer queue bound with a unique routing key.
    static func make(profile: VersionProfile = VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false)) async throws
        -> OperatorBroker
    {
        var settings = HutchClientSettings(connection: try ConnectionOptions(url: try #require(TestBroker.url)), profile: profile)
        settings.topology.mqExchange = TestBroker.uniqueName(area: "operator", "x")
        let connection = try await AMQPConnection.connect(settings.connection)
        let channel = try await connection.openChannel()
        try await connection.confirmSelect(on: channel)
        let broker = OperatorBroker(
            settings: settings, connection: connection, channel: channel, routingKey: TestBroker.uniqueName(area: "operator", "rk"),
            consumerQueue: TestBroker.uniqueName(area: "operator", "q"))
        try await connection.declare(.exchangeDeclare(ExchangeDeclare(exchange: broker.exchange)), on: channel)
        try await connection.declare(.queueDeclare(broker.deadQueue.queueDeclare), on: channel)
        try await connection.declare(.queueBind(broker.deadQueue.queueBind), on: channel)
        try await connection.declare(.queueDeclare(QueueDeclare(queue: broker.consumerQueue, durable: false)), on: channel)
        try await connection.declare(
            .queueBind(QueueBind(queue: broker.consumerQueue, exchange: broker.exchange, routingKey: broker.routingKey)), on: channel)
        return broker
    }

    /// Puts a message in the dead queue as the worker does (``DeadQueue/message(for:originalRoutingKey:)``).
    func putDead(id: String, routingKey: String? = nil, headers: FieldTable? = nil, body: String? = nil) async throws {
        let key = routingKey ?? self.routingKey
        let delivery = Delivery(
            deliver: BasicDeliver(consumerTag: "worker", deliveryTag: 1, redelivered: false, exchange: exchange, routingKey: key),
            properties: BasicProperties(
                contentType: "application/json", headers: headers, deliveryMode: 2, messageID: id, timestamp: 1_700_000_000),
            body: Array((body ?? "{\"id\":\"\(id)\"}").utf8))
        let message = deadQueue.message(for: delivery, originalRoutingKey: key)
        try await connection.publishConfirmed(
            BasicPublish(exchange: message.exchange, routingKey: message.routingKey), properties: message.properties, body: message.body,
            on: channel)
    }

    /// Puts a message in the dead queue the way RabbitMQ dead-letters one, so it carries a
    /// real `x-death` (reason expired, routing key `routingKey`): through a queue with a
    /// zero TTL whose dead-letter routing key is `dead_queue.<routingKey>`.
    func putDeadThroughExpiry(id: String) async throws {
        let expiring = TestBroker.uniqueName(area: "operator", "expire")
        try await connection.declare(
            .queueDeclare(
                QueueDeclare(
                    queue: expiring, durable: false,
                    arguments: FieldTable(pairs: [
                        ("x-message-ttl", .int64(0)), ("x-dead-letter-exchange", .string(exchange)),
                        ("x-dead-letter-routing-key", .string(DeadQueue.routingKeyPrefix + routingKey))
                    ]))), on: channel)
        try await connection.declare(.queueBind(QueueBind(queue: expiring, exchange: "amq.topic", routingKey: routingKey)), on: channel)
        try await connection.publishConfirmed(
            BasicPublish(exchange: "amq.topic", routingKey: routingKey), properties: BasicProperties(messageID: id), body: Array(id.utf8),
            on: channel)
        try await waitForCount(1, in: deadQueue.queueName, atLeast: true)
        try await connection.deleteQueue(expiring, on: channel)
    }

    /// Ready messages in `queue`.
    func count(_ queue: String) async throws -> UInt32 {
        try #require(try await connection.declare(.queueDeclare(QueueDeclare(queue: queue, passive: true)), on: channel)).messageCount
    }

    /// Waits (10 s at most) until `queue` holds `expected` ready messages (or at least that many).
    func waitForCount(_ expected: UInt32, in queue: String, atLeast: Bool = false) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let now = try await count(queue)
            if now == expected || (atLeast && now >= expected) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Takes every message from `queue` (acknowledged).
    func drain(_ queue: String) async throws -> [IncomingDelivery] {
        var taken: [IncomingDelivery] = []
        while let fetched = try await connection.get(queue: queue, autoAck: true, on: channel) { taken.append(fetched.delivery) }
        return taken
    }

    /// Deletes what the test declared and closes the connection.
    func cleanUp(extraQueues: [String] = []) async {
        for queue in [deadQueue.queueName, consumerQueue] + extraQueues { _ = try? await connection.deleteQueue(queue, on: channel) }
        for level in DelayLevel.all {
            _ = try? await connection.deleteQueue(level.delayQueueName(config: settings.topology, profile: settings.profile), on: channel)
        }
        try? await connection.deleteExchange(exchange, on: channel)
        try? await connection.deleteExchange(DelayLevel.scheduleExchange(for: exchange), on: channel)
        await connection.close()
    }
}
