/// How a cluster test takes a node away.
enum ClusterFault: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `rabbitmqctl stop_app`: RabbitMQ stops inside the running VM, closing every
    /// connection with 320 CONNECTION_FORCED.
    case stopApp = "stop_app"
    /// `kill -9` of the node's Erlang VM: no goodbye, the sockets just close.
    case kill = "kill -9"

    var description: String { rawValue }

    func inflict(on node: Int) async throws {
        switch self {
        case .stopApp: try await TestCluster.ctl(node, ["stop_app"])
        case .kill: try await TestCluster.kill(node)
        }
    }
}
