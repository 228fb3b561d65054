import Foundation
import Hutch
import HutchAMQP
import HutchConventions
import Testing

/// Tests on the private three-node cluster (``TestCluster``). One serialized suite: the
/// tests stop and kill nodes of the same cluster, and each brings every node back
/// (``TestCluster/restoreAll()``) before it ends, so the next finds three running.
@Suite(LiveBroker.reachable, TestCluster.available, .serialized, .timeLimit(.minutes(4)))
struct ClusterLiveTests {
    /// Plain Hutch: the consumer's `quorum_queue` reaches the broker.
    static let plainHutch = VersionProfile(hutch: GemVersion(1, 4, 0), hutchScheduleLoaded: false)

    /// Settings that connect to node `first`, fail over to the others, and are patient
    /// enough for a node to go and a new quorum leader to be elected.
    static func settings(first: Int, profile: VersionProfile = plainHutch, _ name: String) throws -> HutchClientSettings {
        var settings = try TestCluster.settings(first: first, profile: profile)
        settings.topology.mqExchange = LiveBroker.uniqueName("\(name)-x")
        settings.reconnect = ReconnectBackoff(initial: .milliseconds(100), maximum: .milliseconds(500), maxAttempts: 300)
        settings.publisherConfirms = true
        settings.confirmTimeout = .seconds(15)
        settings.publishTimeout = .seconds(60)
        settings.gracefulExitTimeout = .seconds(5)
        settings.concurrency = 4
        settings.topology.channelPrefetch = 50
        return settings
    }

    /// The node holding queue `name`'s quorum leader, asked of node `asking`.
    static func leader(of name: String, asking: Int) async throws -> Int? {
        let listing = try await TestCluster.ctl(asking, ["list_queues", "name", "leader", "--formatter", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [[String: Any]] ?? []
        guard let leader = rows.first(where: { $0["name"] as? String == name })?["leader"] as? String else { return nil }
        return TestCluster.nodes.first { leader.hasPrefix("\(TestCluster.environment["HUTCH_TEST_CLUSTER_NAME"] ?? "")\($0)@") }
    }
}

/// Records every delivery of a quorum queue's consumer and finishes at once.
struct ClusterQuorumConsumer: HutchConsumer {
    static let queueName: String? = LiveBroker.uniqueName("cluster-quorum-q")
    static let routingKeys = [LiveBroker.uniqueName("cluster-quorum-rk")]
    static let quorumQueue: ConsumerDefinition.QuorumQueue? = ConsumerDefinition.QuorumQueue()
    let tracker: DeliveryTracker
    func process(_ message: ReceivedMessage<RestartConsumer.Body>) async throws {
        await tracker.delivered(message.body.n, redelivered: message.redelivered)
        await tracker.handled(message.body.n)
    }
}
