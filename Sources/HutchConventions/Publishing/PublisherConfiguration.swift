/// The settings `Hutch::Publisher#publish` reads: the exchange it was built with,
/// `Hutch::Config[:serializer]` and `Hutch.global_properties`.
public struct PublisherConfiguration: Sendable, Equatable {
    /// The exchange the publisher sends to: `mq_exchange` (default `"hutch"`) for
    /// `Hutch.publish`, `"<mq_exchange>.schedule"` for hutch-schedule's publisher.
    package var exchange: String
    /// `Hutch::Config[:serializer]`, used when a publish passes no `serializer:` option
    /// (default `Hutch::Serializers::JSON`).
    package var serializer: Serializer
    /// `Hutch.global_properties`: the Hash, or what the proc returned for this publish
    /// (Hutch calls a proc on every publish; the result is merged the same way).
    package var globalProperties: PublishProperties

    /// Creates a configuration; defaults are Hutch's.
    public init(
        exchange: String = "hutch", serializer: Serializer = .json,
        globalProperties: PublishProperties = PublishProperties()
    ) {
        self.exchange = exchange
        self.serializer = serializer
        self.globalProperties = globalProperties
    }

    /// The same settings for hutch-schedule's publisher: its exchange is
    /// `"<mq_exchange>.schedule"`, and because `Hutch::Schedule::Core` builds a plain
    /// `Hutch::Publisher` with the global `Hutch::Config`, the serializer and global
    /// properties are Hutch's own (global `headers` or `expiration` replace the ones
    /// hutch-schedule sets).
    package var schedule: PublisherConfiguration {
        var copy = self
        copy.exchange = DelayLevel.scheduleExchange(for: exchange)
        return copy
    }
}
