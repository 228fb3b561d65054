import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// Priorities, opt-in: every message carries `priority` 0 unless the caller passes the
/// `priority` property (Ruby's `Hutch.publish(key, msg, priority: 9)`); a consumer gets a
/// priority queue through its queue arguments (`x-max-priority`), where the Ruby pairing
/// keeps them.
@Suite(LiveBroker.reachable, .serialized, .timeLimit(.minutes(2)))  // one queue name, declared two ways
struct PriorityLiveTests {
    struct UrgentConsumer: HutchConsumer {
        static let routingKeys = [LiveBroker.uniqueName("priority-rk")]
        static let queueName: String? = LiveBroker.uniqueName("priority-q")
        static let arguments: JSONObject = ["x-max-priority": 10]
        func process(_ message: ReceivedMessage<JSONValue>) async throws {}
    }

    /// Declares the consumer's queue as `profile`'s worker would, publishes five messages
    /// without a priority and then one with priority 9 (no consumer running), and returns
    /// the (message id, priority) of each in the order the queue hands them out.
    static func order(profile: VersionProfile) async throws -> [(id: String, priority: UInt8?)] {
        let settings = try LiveBroker.settings(profile: profile)
        let queue = UrgentConsumer.queueName ?? ""
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("priority"))
        let amqp = try await hutch.connection()
        let channel = try await amqp.openChannel()
        try await amqp.deleteQueue(queue, on: channel)
        try await TopologyDeclarer(settings: settings).declare(
            consumers: [UrgentConsumer.definition], on: amqp, channel: channel, includeQos: false)
        let publisher = Publisher(connection: hutch)
        for index in 1...5 {
            try await publisher.publish(
                UrgentConsumer.routingKeys[0], ["n": index], properties: ["message_id": .string("low-\(index)")], confirm: true)
        }
        try await publisher.publish(
            UrgentConsumer.routingKeys[0], ["n": 6], properties: ["message_id": "high", "priority": 9], confirm: true)
        var order: [(id: String, priority: UInt8?)] = []
        while let fetched = try await amqp.get(queue: queue, autoAck: true, on: channel) {
            order.append((fetched.delivery.properties.messageID ?? "-", fetched.delivery.properties.priority))
        }
        await hutch.close()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])
        return order
    }

    @Test("Plain Hutch keeps x-max-priority: a priority-9 message published last overtakes five published with Ruby's default priority 0")
    func higherPriorityOvertakes() async throws {
        let order = try await Self.order(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: false))
        print("priority queue (plain Hutch 1.3.1): delivered \(order.map(\.id))")
        #expect(order.map(\.id) == ["high", "low-1", "low-2", "low-3", "low-4", "low-5"])
        #expect(order.map(\.priority) == [9, 0, 0, 0, 0, 0])
    }

    @Test("hutch-schedule 0.7.3 on Hutch 1.3.1 drops the consumer's queue arguments: no priority queue, first in first out")
    func scheduleOnNewHutchDropsThePriorityArgument() async throws {
        let order = try await Self.order(profile: VersionProfile(hutch: GemVersion(1, 3, 1), hutchScheduleLoaded: true))
        print("priority queue (hutch-schedule on Hutch 1.3.1): delivered \(order.map(\.id))")
        #expect(order.map(\.id) == ["low-1", "low-2", "low-3", "low-4", "low-5", "high"])
    }
}
