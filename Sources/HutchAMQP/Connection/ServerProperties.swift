import HutchConventions

/// What the broker said about itself in `connection.start`.
package struct ServerProperties: Sendable, Equatable {
    /// The whole `server-properties` table, in wire order.
    package var table: FieldTable

    /// Wraps the table.
    package init(table: FieldTable) { self.table = table }

    /// `product` (`"RabbitMQ"`).
    package var product: String? { table["product"]?.stringValue }
    /// `version` as sent (`"3.10.8"`).
    package var versionString: String? { table["version"]?.stringValue }
    /// ``versionString`` parsed, so callers can tell RabbitMQ 3.10 from 3.13 or 4.x.
    package var version: ServerVersion? { versionString.flatMap(ServerVersion.init) }
    /// `platform` (`"Erlang/OTP 25.2.3"`).
    package var platform: String? { table["platform"]?.stringValue }
    /// `cluster_name`.
    package var clusterName: String? { table["cluster_name"]?.stringValue }

    /// The boolean `capabilities` (`publisher_confirms`, `consumer_cancel_notify`,
    /// `basic.nack`, `connection.blocked`, `authentication_failure_close`, …).
    package var capabilities: [String: Bool] {
        guard case .table(let capabilities)? = table["capabilities"] else { return [:] }
        var result: [String: Bool] = [:]
        for entry in capabilities.entries {
            if case .boolean(let flag) = entry.value, result[entry.key] == nil { result[entry.key] = flag }
        }
        return result
    }

    /// Whether the broker announces `capability` as `true`.
    package func supports(_ capability: String) -> Bool { capabilities[capability] == true }
}
