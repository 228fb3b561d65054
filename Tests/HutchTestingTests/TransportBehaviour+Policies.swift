import HutchAMQP
import HutchConventions
import Testing

extension TransportBehaviour {
    /// A policy gives a queue declared without arguments a dead-letter exchange, routing
    /// key and message TTL (what `PolicyRepair` does for hutch-schedule's delay queues);
    /// the queue's own declaration stays equivalent, and a lower per-message expiration wins.
    static func policyDeadLetters(_ broker: BrokerUnderTest) async throws {
        let prefix = broker.uniqueName("policy")
        let queue = prefix + "-delay"
        let target = prefix + "-target"
        let policy = QueuePolicy(
            name: prefix, pattern: "^" + queue + "$", deadLetterExchange: "", deadLetterRoutingKey: target, messageTTL: 60_000)
        try await broker.setPolicy(policy)
        do {
            try await broker.withTransport(queues: [queue, target]) { t in
                try await t.declareQueue(target)
                try await t.declareQueue(queue)
                try await t.declareQueue(queue)
                try await t.publish("delayed", routingKey: queue, properties: BasicProperties(expiration: "50"))
                await broker.passTime(.milliseconds(60))
                let back = try await broker.eventually("the message dead-lettered by the policy") { try await t.take(target) }.delivery
                #expect(back.routingKey == target)
                #expect(back.properties.headers?["x-first-death-queue"] == .string(queue))
                #expect(back.properties.headers?["x-first-death-reason"] == .string("expired"))
            }
        } catch {
            try? await broker.clearPolicy(policy.name)
            throw error
        }
        try await broker.clearPolicy(policy.name)
    }
}
