import Hutch
import HutchAMQP
import HutchConventions
import Testing

extension ClusterLiveTests {
    /// One client (a worker consuming a quorum queue and a publisher with confirms on the
    /// same ``HutchConnection``, told all three nodes) is connected to node 1, which also
    /// holds the queue's leader. After 1,000 of 3,000 confirmed publishes its node is
    /// stopped or killed: the client fails over to another node, the worker resubscribes,
    /// and every confirmed message is consumed.
    @Test(arguments: ClusterFault.allCases)
    func noConfirmedMessageIsLostWhenTheClientsNodeGoes(_ fault: ClusterFault) async throws {
        try await TestCluster.restoreAll()
        let settings = try Self.settings(first: 1, "fault")
        let queue = ClusterQuorumConsumer.queueName ?? ""
        let routingKey = ClusterQuorumConsumer.routingKeys[0]
        let hutch = HutchConnection(settings: settings, logger: LiveBroker.logger("cluster-fault"))
        let tracker = DeliveryTracker()
        let worker = Worker(
            connection: hutch, consumers: [ClusterQuorumConsumer(tracker: tracker)], logger: LiveBroker.logger("cluster-fault"))
        let running = start(worker)
        try await worker.waitForSubscription()
        let publisher = Publisher(connection: hutch, logger: LiveBroker.logger("cluster-fault"))
        let tally = PublishTally()
        let clock = ContinuousClock()
        // The first publish confirmed on a new connection (generation 2) ends the publishers' outage.
        let firstConfirmOnNewConnection = Locked<ContinuousClock.Instant?>(nil)

        // A nacked publish is the broker's "not taken": like an application would, the
        // loop tries it again after a pause, and counts the nacks; all retries together
        // get 60 s.
        let total = 3000
        let nacks = Locked(0)
        let retryBudgetEnds = Locked<ContinuousClock.Instant?>(nil)
        let publishing = Task {
            for n in 0..<total {
                let started = clock.now
                while true {
                    do {
                        try await publisher.publish(routingKey, ["n": n])
                        await tally.confirmed(n, took: clock.now - started)
                        if firstConfirmOnNewConnection.value == nil, await hutch.generation >= 2 {
                            firstConfirmOnNewConnection.withLock { $0 = $0 ?? clock.now }
                        }
                    } catch let error as AMQPError
                        where error.code == .publishNacked
                        && clock.now
                            < retryBudgetEnds.withLock({
                                $0 = $0 ?? clock.now + .seconds(60)
                                return $0!
                            })
                    {
                        nacks.withLock { $0 += 1 }
                        try? await Task.sleep(for: .milliseconds(50))
                        continue
                    } catch {
                        await tally.failed(n, error)
                    }
                    break
                }
            }
        }
        try await waitUntil(timeout: .seconds(60)) { await tally.confirmed.count >= 1000 }
        let node = try #require(TestCluster.node(at: await hutch.connectedAddress), "the client is on no known node")
        let leader = try await Self.leader(of: queue, asking: node)
        let inflicted = clock.now
        try await fault.inflict(on: node)
        try await worker.waitForSubscription(number: 2)
        let resubscribed = clock.now - inflicted
        await publishing.value
        let confirmed = await tally.confirmed
        try await waitUntil(timeout: .seconds(60)) { Set(await tracker.completions.keys).isSuperset(of: confirmed) }
        try await Task.sleep(for: .milliseconds(500))
        let movedTo = TestCluster.node(at: await hutch.connectedAddress)
        // After the loop: the same publisher (its channel) and a new one (a new channel).
        let sameChannel = await outcome(of: Task { try await publisher.publish(routingKey, ["n": total]) }, within: .seconds(15))
        let newChannel = await outcome(
            of: Task { try await Publisher(connection: hutch).publish(routingKey, ["n": total + 1]) }, within: .seconds(15))
        worker.shutdown()
        try await running.value
        let generations = await hutch.generation
        await hutch.close()
        try await TestCluster.restoreAll()
        await LiveBroker.cleanUp(settings: settings, queues: [queue])

        let deliveries = await tracker.deliveries
        let received = Set(deliveries.keys)
        let duplicates = deliveries.values.map(\.count).reduce(0, +) - received.count
        let lost = Set(confirmed).subtracting(received)
        let failed = await tally.failed
        let publishRecovery = firstConfirmOnNewConnection.value.map { $0 - inflicted }
        print(
            """
            cluster fault (\(fault) of node \(node), the client's; quorum leader on node \(leader.map(String.init) ?? "?")): \
            published \(total), confirmed \(confirmed.count), failed \(failed.count), nacked and published again \(nacks.value), received \(received.count) distinct, \
            lost (confirmed, never received) \(lost.count), duplicates \(duplicates); \
            first confirm on a new connection \(publishRecovery.map { "\($0)" } ?? "never") after the fault began, worker \
            resubscribed after \(resubscribed) \
            on node \(movedTo.map(String.init) ?? "?"); slowest confirmed publish \(await tally.slowest); \(generations) connections
            """)
        for (n, error) in failed.prefix(3) { print("  publish \(n) failed: \(error)") }
        print(
            "  afterwards, the publisher's channel: \(String(describing: sameChannel)); a new publisher's channel: \(String(describing: newChannel))"
        )
        #expect(lost.isEmpty, "confirmed but never received: \(lost.sorted().prefix(20))")
        #expect(movedTo != nil && movedTo != node, "the client is not on another node")
        #expect(worker.subscriptions >= 2)
        #expect(firstConfirmOnNewConnection.value != nil, "nothing was confirmed on the new connection")
    }
}
