/// The `Hutch::Config` settings that shape what Hutch declares.
public struct TopologyConfig: Sendable, Equatable {
    /// `mq_exchange`: the exchange Hutch publishes to and binds consumer queues to.
    package var mqExchange: String
    /// `mq_exchange_type`: the main exchange's type (`"topic"`).
    package var mqExchangeType: String
    /// `mq_exchange_options`: bunny exchange options merged over `durable: true`, keys
    /// as Ruby Symbols (`passive`, `durable`, `auto_delete`, `internal`, `no_wait`,
    /// `arguments`, `no_declare`). hutch-schedule uses them for its schedule exchange too.
    package var mqExchangeOptions: JSONObject
    /// `namespace`, or `nil`.
    package var namespace: String?
    /// `channel_prefetch`; `nil` makes Hutch skip `basic.qos`.
    package var channelPrefetch: Int?
    /// `consumer_tag_prefix`.
    package var consumerTagPrefix: String

    /// Creates a configuration; every setting at plain Hutch's default unless given.
    package init(
        mqExchange: String = "hutch", mqExchangeType: String = "topic",
        mqExchangeOptions: JSONObject = JSONObject(), namespace: String? = nil,
        channelPrefetch: Int? = 0, consumerTagPrefix: String = "hutch"
    ) {
        self.mqExchange = mqExchange
        self.mqExchangeType = mqExchangeType
        self.mqExchangeOptions = mqExchangeOptions
        self.namespace = namespace
        self.channelPrefetch = channelPrefetch
        self.consumerTagPrefix = consumerTagPrefix
    }

    /// The defaults for a profile: Hutch's, except that requiring hutch-schedule
    /// re-initialises `Hutch::Config` with `channel_prefetch: 20`.
    package static func defaults(for profile: VersionProfile) -> TopologyConfig {
        TopologyConfig(channelPrefetch: profile.hutchScheduleLoaded ? 20 : 0)
    }

    /// The `basic.qos` Hutch sends when it opens its channel (before the exchange):
    /// `nil` when `channel_prefetch` is `nil` (Hutch's `prefetch_channel` skips it),
    /// otherwise `prefetch_count` = the setting, size 0, not global — even for 0.
    ///
    /// - Throws: ``TopologyFailure/prefetchOutOfRange(_:)`` outside 0…65 535, which
    ///   bunny refuses.
    package func basicQos() throws(TopologyFailure) -> BasicQos? {
        guard let prefetch = channelPrefetch else { return nil }
        guard let count = UInt16(exactly: prefetch) else { throw .prefetchOutOfRange(prefetch) }
        return BasicQos(prefetchSize: 0, prefetchCount: count, global: false)
    }

    /// The `exchange.declare` for `mq_exchange` (Hutch's `Broker#declare_exchange`),
    /// or `nil` when bunny sends none.
    ///
    /// Options are `{durable: true}.merge(mq_exchange_options)` read as bunny's
    /// `Bunny::Exchange` does: flags by Ruby truthiness, `no_wait` included. bunny
    /// declares nothing for an empty name, a predefined name (a line starting with
    /// `amq.direct`, `amq.fanout`, `amq.topic`, `amq.headers` or `amq.match`, any
    /// case) or `no_declare`. Line breaks are removed from the name on the wire.
    package func exchangeDeclare() throws(TopologyFailure) -> ExchangeDeclare? {
        try Self.bunnyExchangeDeclare(name: mqExchange, type: mqExchangeType, options: mqExchangeOptions)
    }

    /// hutch-schedule's schedule exchange, `"<mq_exchange>.schedule"`: always a topic
    /// exchange, with the same `{durable: true}.merge(mq_exchange_options)` options
    /// (`Hutch::Schedule::Core#declare_delay_exchange`), or `nil` when bunny sends none.
    package func scheduleExchangeDeclare() throws(TopologyFailure) -> ExchangeDeclare? {
        try Self.bunnyExchangeDeclare(
            name: DelayLevel.scheduleExchange(for: mqExchange), type: "topic", options: mqExchangeOptions)
    }

    private static func bunnyExchangeDeclare(name: String, type: String, options: JSONObject)
        throws(TopologyFailure) -> ExchangeDeclare?
    {
        var defaults = RubyHash()
        defaults[.symbol("durable")] = .bool(true)
        let opts = defaults.merging(RubyHash(symbolKeysOf: options))
        if opts[.symbol("no_declare")]?.isRubyTruthy == true || name.isEmpty || isPredefined(name) {
            return nil
        }
        func flag(_ key: String) -> Bool { opts[.symbol(key)]?.isRubyTruthy ?? false }
        let arguments: FieldTable
        switch opts[.symbol("arguments")] {
        case nil, .null?: arguments = FieldTable()
        case .object(let object)?:
            do { arguments = try FieldTable(rubyHash: object) } catch {
                throw .tableEncoding(target: "exchange \(name)", error)
            }
        case let other?: throw .argumentsNotAHash(target: "exchange \(name)", value: other)
        }
        return ExchangeDeclare(
            exchange: QueueName.wireName(name), type: type, passive: flag("passive"), durable: flag("durable"),
            autoDelete: flag("auto_delete"), internal: flag("internal"), noWait: flag("no_wait"),
            arguments: arguments)
    }

    /// bunny's `predefined?`: `/^amq\.(direct|fanout|topic|headers|match)/i`, where `^`
    /// matches at the start of any line.
    private static func isPredefined(_ name: String) -> Bool {
        let prefixes = ["amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"]
        return name.split(separator: "\n", omittingEmptySubsequences: false).contains { line in
            let lowered = String(
                line.unicodeScalars.map { scalar -> Character in
                    (0x41...0x5A).contains(scalar.value)
                        ? Character(Unicode.Scalar(scalar.value + 0x20) ?? scalar) : Character(scalar)
                })
            return prefixes.contains { lowered.hasPrefix($0) }
        }
    }
}
