import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// A consumer of hutch-schedule's delayed messages, on a quorum queue (Hutch 1.1.0 keeps
/// the consumer's queue arguments under hutch-schedule).
struct ClusterDelayedConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("cluster-delayed-q")
    static let routingKeys = [LiveBroker.uniqueName("cluster-delayed-rk")]
    static let quorumQueue: ConsumerDefinition.QuorumQueue? = ConsumerDefinition.QuorumQueue()
    let tracker: DeliveryTracker
    func process(_ message: ReceivedMessage<RestartConsumer.Body>) async throws {
        await tracker.delivered(message.body.n, redelivered: message.redelivered)
        await tracker.handled(message.body.n)
    }
}

extension ClusterLiveTests {
    /// Hutch 1.1.0 with hutch-schedule: durable classic delay queues that work.
    static let hutchSchedule = VersionProfile(hutch: GemVersion(1, 1, 0), hutchScheduleLoaded: true)

    /// The node whose process holds classic queue `name`, asked of node `asking`.
    static func home(of name: String, asking: Int) async throws -> Int? {
        // The JSON formatter hides a pid's node; the table shows `<node.N.N.N>`.
        let listing = try await TestCluster.ctl(asking, ["list_queues", "name", "pid", "--no-table-headers", "--quiet"])
        let row = listing.split(separator: "\n").map { $0.split(separator: "\t") }.first { $0.first.map(String.init) == name }
        guard let row, row.count == 2 else { return nil }
        let pid = String(row[1])
        return TestCluster.nodes.first { pid.hasPrefix("<\(TestCluster.environment["HUTCH_TEST_CLUSTER_NAME"] ?? "")\($0)@") }
    }

    /// hutch-schedule's delay queues are classic queues on the node that declared them.
    /// 300 messages are enqueued for 5 s (confirmed), then that node is killed: none of
    /// them arrives while it is down; what comes back when it restarts with its data is
    /// counted. Publishes during the outage fail: the publisher's new channel re-declares
    /// the delay queues, which RabbitMQ refuses (404) while their home node is down.
    @Test func delayedMessagesOnAKilledNodeDoNotArriveWhileItIsDown() async throws {
        try await TestCluster.restoreAll()
        let settings = try Self.settings(first: 1, profile: Self.hutchSchedule, "delay")
        let queue = ClusterDelayedConsumer.queueName ?? ""
        let delayQueue = DelayLevel(forInterval: 5).delayQueueName(config: settings.topology, profile: settings.profile)
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("cluster-delay"))
        let tracker = DeliveryTracker()
        let worker = Worker(
            connection: hutch, consumers: [ClusterDelayedConsumer(tracker: tracker)], logger: LiveBroker.logger("cluster-delay"))
        let running = start(worker)
        try await worker.waitForSubscription()
        let node = try #require(TestCluster.node(at: await hutch.connectedAddress))
        let home = try await Self.home(of: delayQueue, asking: node)
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("cluster-delay"))
        let enqueued = 300
        for n in 0..<enqueued { try await publisher.enqueueIn(.seconds(5), ["n": n], for: ClusterDelayedConsumer.self) }
        let clock = ContinuousClock()
        let arrivedBefore = Set(await tracker.completions.keys)
        try await TestCluster.kill(home ?? node)
        let killedAt = clock.now

        // While the node is down: one enqueue_in and one plain publish, each given 15 s.
        let outageEnqueue = await outcome(
            of: Task { try await publisher.enqueueIn(.seconds(5), ["n": enqueued], for: ClusterDelayedConsumer.self) }, within: .seconds(15)
        )
        let outagePublish = await outcome(
            of: Task { try await publisher.publish(ClusterDelayedConsumer.routingKeys[0], ["n": enqueued + 1]) }, within: .seconds(15))
        let downUntil = killedAt + .seconds(25)
        try await Task.sleep(until: downUntil)
        let arrivedWhileDown = Set(await tracker.completions.keys).subtracting(arrivedBefore)
        let subscriptionsWhileDown = worker.subscriptions

        let reviveTook = try await clock.measure { try await TestCluster.revive(home ?? node) }
        var seen = await tracker.completions.count
        let settleDeadline = clock.now + .seconds(60)
        while clock.now < settleDeadline {
            try await Task.sleep(for: .seconds(3))
            let now = await tracker.completions.count
            if now == seen && now >= enqueued { break }
            seen = now
        }
        let all = Set(await tracker.completions.keys)
        let arrivedAfterRevive = all.subtracting(arrivedBefore).subtracting(arrivedWhileDown).filter { $0 < enqueued }
        let neverArrived = Set(0..<enqueued).subtracting(all)
        worker.shutdown()
        try await running.value
        await hutch.close()
        try await TestCluster.restoreAll()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])

        func shown(_ result: Result<Void, any Error>?) -> String {
            switch result {
            case nil: "no answer within 15 s"
            case .success: "confirmed"
            case .failure(let error): "failed: \(error)"
            }
        }
        print(
            """
            delay queues on a killed node (kill -9 of node \(home.map(String.init) ?? "?"), home of \(delayQueue); client on node \(node)): \
            enqueued (enqueue_in 5 s, confirmed) \(enqueued); arrived before the kill \(arrivedBefore.count), while the node was down \
            (25 s) \(arrivedWhileDown.filter { $0 < enqueued }.count), after it restarted with its data (took \(reviveTook)) \
            \(arrivedAfterRevive.count), never \(neverArrived.count); worker subscriptions while it was down: \(subscriptionsWhileDown); \
            during the outage enqueue_in: \(shown(outageEnqueue)); plain publish: \(shown(outagePublish)); \
            the outage enqueue arrived: \(all.contains(enqueued)), the outage publish arrived: \(all.contains(enqueued + 1))
            """)
        #expect(home == node, "the delay queue is not on the node that declared it")
        // The hazard: a delayed message waiting on the lost node is not delivered while it is down.
        #expect(arrivedWhileDown.filter { $0 < enqueued }.isEmpty)
        #expect(arrivedBefore.count + arrivedAfterRevive.count + neverArrived.count == enqueued)
        // Declaring the delay queues (every new publishing channel does) fails while their node is down.
        #expect(throws: AMQPError.self) { try outageEnqueue?.get() }
        if case .failure(let error as AMQPError)? = outageEnqueue { #expect(error.code == .notFound, "\(error)") }
    }
}
