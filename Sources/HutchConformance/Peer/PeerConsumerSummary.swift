import HutchConventions

/// A consumer the peer's worker runs, as its `ready` event lists it (`consumers`):
/// the spec's and the app's (`--app`), never the control consumer.
package struct PeerConsumerSummary: Sendable, Equatable {
    /// The Ruby class name.
    package var className: String
    /// The routing keys it binds on the peer's exchange.
    package var routingKeys: [String]
    /// Its queue name, without Hutch's namespace.
    package var queue: String?
    /// hutch-schedule's `attempts` (`max_attempts`), `nil` without Hutch::Enqueue.
    package var attempts: Int?

    /// Creates a summary.
    package init(className: String, routingKeys: [String], queue: String? = nil, attempts: Int? = nil) {
        self.className = className
        self.routingKeys = routingKeys
        self.queue = queue
        self.attempts = attempts
    }

    /// The consumers `ready` lists; `nil` when it lists none (a peer older than the field).
    package static func listed(in ready: PeerEvent) -> [PeerConsumerSummary]? {
        guard let entries = ready.fields["consumers"]?.arrayValue else { return nil }
        return entries.compactMap { entry in
            guard let object = entry.objectValue, let name = object["class_name"]?.stringValue else { return nil }
            return PeerConsumerSummary(
                className: name, routingKeys: (object["routing_keys"]?.arrayValue ?? []).compactMap(\.stringValue),
                queue: object["queue"]?.stringValue, attempts: object["attempts"]?.int64Value.map { Int($0) })
        }
    }

    /// Whether it binds one of `routingKeys` (topic matching).
    package func binds(any routingKeys: [String]) -> Bool {
        self.routingKeys.contains { TopicPattern.matchesAny($0, routingKeys) }
    }
}
