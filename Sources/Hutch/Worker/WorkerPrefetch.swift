import HutchConventions

extension HutchClientSettings {
    /// Whether the worker replaces an unlimited `channel_prefetch` (0 or `nil`) with
    /// ``boundedPrefetch``.
    var replacesUnlimitedPrefetch: Bool {
        guard let bound = boundedPrefetch, bound > 0 else { return false }
        return (topology.channelPrefetch ?? 0) == 0
    }

    /// The settings the worker declares with: ``boundedPrefetch`` instead of an unlimited
    /// `channel_prefetch`, everything else unchanged.
    var forWorkerChannel: HutchClientSettings {
        guard replacesUnlimitedPrefetch else { return self }
        var settings = self
        settings.topology.channelPrefetch = boundedPrefetch
        return settings
    }

    /// The start-up warning when the prefetch is replaced.
    var unlimitedPrefetchWarning: String? {
        guard replacesUnlimitedPrefetch, let bound = boundedPrefetch else { return nil }
        let configured = topology.channelPrefetch.map { "channel_prefetch \($0)" } ?? "no channel_prefetch"
        return """
            \(configured) means no limit: Ruby Hutch lets the broker push the whole backlog into the process. \
            This worker uses prefetch \(bound) per consumer instead (settings.boundedPrefetch; nil restores Hutch's unlimited prefetch).
            """
    }
}
