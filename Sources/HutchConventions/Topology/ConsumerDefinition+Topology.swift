extension ConsumerDefinition {
    /// The routing keys as Hutch binds them: `consume` collects them in a Ruby `Set`, so
    /// a repeated key is bound once, in first-seen order.
    package var boundRoutingKeys: [String] {
        var seen = Set<String>()
        return routingKeys.filter { seen.insert($0).inserted }
    }

    /// `get_arguments` (Hutch 1.1.0–1.4.0): the consumer's `arguments` in order, then
    /// `x-queue-mode: "lazy"` for `lazy_queue`, `x-queue-type` (`"quorum"` or
    /// `"classic"`) and `x-quorum-initial-group-size` for `quorum_queue`. A String key
    /// already present is replaced in place; a Symbol key with the same text stays
    /// beside it, so both go on the wire.
    ///
    /// Ruby keeps one `@queue_type`: whichever of `classic_queue` / `quorum_queue` ran
    /// last wins. The definition does not record that order; when both are set this
    /// takes quorum. (Calling `consume` after either resets it in Ruby; the definition
    /// assumes `consume` came first.)
    var hutchArguments: RubyHash {
        var hash = RubyHash(arguments, symbolKeys: argumentSymbolKeys)
        if lazyQueue { hash[.string("x-queue-mode")] = .string("lazy") }
        if let quorumQueue {
            hash[.string("x-queue-type")] = .string("quorum")
            if let size = quorumQueue.initialGroupSize {
                hash[.string("x-quorum-initial-group-size")] = .int(Int64(size))
            }
        } else if classicQueue {
            hash[.string("x-queue-type")] = .string("classic")
        }
        return hash
    }

    /// The arguments table of Hutch's `get_arguments` as bunny encodes it: the
    /// consumer's `arguments` in order (String keys replaced in place, Symbol keys kept
    /// beside them), then `x-queue-mode: "lazy"`, `x-queue-type` (`"quorum"`, else
    /// `"classic"`) and `x-quorum-initial-group-size` as the DSL asked.
    ///
    /// This is what plain Hutch declares. Under hutch-schedule on Hutch ≥ 1.1.1 none of
    /// it reaches the broker (see ``VersionProfile/consumerQueueDeclarationStyle``).
    package func queueArguments() throws(RubyTableEncodingError) -> FieldTable {
        try hutchArguments.fieldTable()
    }

    /// The `queue.declare` Ruby sends for this consumer's queue `name` (from
    /// ``QueueName/for(_:namespace:profile:)``), or `nil` when bunny sends none
    /// (`no_declare`).
    ///
    /// What Ruby declares, per ``VersionProfile/consumerQueueDeclarationStyle``:
    /// - Hutch < 1.1.1: durable, arguments = ``queueArguments()``.
    /// - plain Hutch ≥ 1.1.1: `{durable: true}.merge(queue_options)` with `arguments`
    ///   always replaced by ``queueArguments()``; bunny also honours `exclusive`,
    ///   `auto_delete`, `passive`, `type` (added as `x-queue-type`) and `no_declare`.
    /// - hutch-schedule on Hutch ≥ 1.1.1: the arguments Hash is read as options, so the
    ///   queue is non-durable with an empty argument table (unless Symbol argument keys
    ///   such as `:durable` happen to be bunny options).
    ///
    /// - Throws: ``TopologyFailure`` when bunny raises before sending (unknown
    ///   `x-queue-type`, a key over 255 bytes, a non-Hash `:arguments`).
    package func queueDeclare(name: String, profile: VersionProfile) throws(TopologyFailure) -> QueueDeclare? {
        try BunnyQueue.declare(
            name: name, style: profile.consumerQueueDeclarationStyle, argumentsHash: hutchArguments,
            queueOptions: queueOptions, profile: profile)
    }

    /// The `queue.bind`s Hutch's `Broker#bind_queue` sends: one per routing key
    /// (``boundRoutingKeys``), to `exchange` (the configured `mq_exchange`), no arguments.
    package func queueBinds(queue: String, exchange: String) -> [QueueBind] {
        boundRoutingKeys.map { QueueBind(queue: queue, exchange: exchange, routingKey: $0) }
    }

    /// The `basic.consume` Hutch's worker sends (`queue.subscribe(consumer_tag:,
    /// manual_ack: true)`): manual acknowledgement, not exclusive, no arguments.
    package static func basicConsume(queue: String, consumerTag: String) -> BasicConsume {
        BasicConsume(queue: queue, consumerTag: consumerTag)
    }
}
