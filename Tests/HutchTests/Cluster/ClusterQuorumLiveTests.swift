import Hutch
import HutchAMQP
import HutchConventions
import Testing

extension ClusterLiveTests {
    /// The queue is declared from node 1 (its leader lands there), the worker runs on
    /// node 2; node 1 stops (`stop_app`): a new leader is elected among the other two and
    /// the worker, whose connection never broke, goes on consuming.
    @Test func aQuorumConsumerKeepsConsumingAfterItsLeaderNodeStops() async throws {
        try await TestCluster.restoreAll()
        let settings = try Self.settings(first: 2, "leader")
        let queue = ClusterQuorumConsumer.queueName ?? ""
        var declaring = settings
        declaring.connection = try TestCluster.options(node: 1)
        let amqp = try await AMQPConnection.connect(declaring.connection)
        let declared = try await TopologyDeclarer(settings: declaring).declare(
            consumers: [ClusterQuorumConsumer.definition], on: amqp, channel: try await amqp.openChannel())
        await amqp.close()
        #expect(declared.map(\.queue) == [queue])
        let leader = try #require(try await Self.leader(of: queue, asking: 2), "no quorum leader listed for \(queue)")

        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("cluster-leader"))
        let tracker = DeliveryTracker()
        let worker = Worker(
            connection: hutch, consumers: [ClusterQuorumConsumer(tracker: tracker)], logger: LiveBroker.logger("cluster-leader"))
        let running = start(worker)
        try await worker.waitForSubscription()
        let consumerNode = TestCluster.node(at: await hutch.connectedAddress)
        let publisher = Publisher(connection: hutch)
        for n in 0..<50 { try await publisher.publish(ClusterQuorumConsumer.routingKeys[0], ["n": n]) }
        try await waitUntil(timeout: .seconds(30)) { await tracker.handledCount >= 50 }

        let clock = ContinuousClock()
        let stopTook = try await clock.measure { try await TestCluster.ctl(leader, ["stop_app"]) }
        let stoppedAt = clock.now
        for n in 50..<100 { try await publisher.publish(ClusterQuorumConsumer.routingKeys[0], ["n": n]) }
        try await waitUntil(timeout: .seconds(60)) { await tracker.handledCount >= 100 }
        let consumedAgainAfter = clock.now - stoppedAt
        let newLeader = try await Self.leader(of: queue, asking: consumerNode ?? 2)
        let subscriptions = worker.subscriptions
        worker.shutdown()
        try await running.value
        await hutch.close()
        try await TestCluster.restoreAll()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])

        print(
            """
            quorum leader loss: leader on node \(leader), consumer on node \(consumerNode.map(String.init) ?? "?"); stop_app took \(stopTook); \
            the 50 messages published after it were all handled \(consumedAgainAfter) after the stop; new leader on node \
            \(newLeader.map(String.init) ?? "?"); \(subscriptions) subscription(s)
            """)
        #expect(Set(await tracker.completions.keys) == Set(0..<100))
        #expect(newLeader != nil && newLeader != leader)
        // The consumer's node stayed up: its connection and subscription never broke.
        if consumerNode != leader { #expect(subscriptions == 1) }
    }
}
