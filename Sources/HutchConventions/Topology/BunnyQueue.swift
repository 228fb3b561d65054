/// What bunny's `Channel#queue(name, opts)` sends for a queue, modelled on bunny 2.24
/// and 3.2's `Bunny::Queue#initialize` and `Channel#queue_declare`.
enum BunnyQueue {
    /// The `queue.declare` bunny sends, or `nil` for `no_declare`.
    ///
    /// - `options` is read by Symbol keys only (`:passive`, `:durable`, `:exclusive`,
    ///   `:auto_delete`, `:type`, `:arguments`, `:no_declare`), flags by truthiness.
    /// - `arguments`, when given, replaces `options[:arguments]` (what Hutch's
    ///   `get_options` and `Broker#queue(name, arguments)` do).
    /// - A non-empty String `:type` is merged into the arguments as `"x-queue-type"`.
    /// - `verify_type!` then checks `args["x-queue-type"] || args[:"x-queue-type"]`.
    static func declare(
        name: String, options: RubyHash, arguments override: RubyHash?, profile: VersionProfile
    ) throws(TopologyFailure) -> QueueDeclare? {
        var arguments: RubyHash?
        if let override {
            arguments = override
        } else {
            switch options[.symbol("arguments")] {
            case nil, .null?: arguments = nil
            case .object(let object)?: arguments = RubyHash(object)
            case let other?: throw .argumentsNotAHash(target: "queue \(name)", value: other)
            }
        }
        if let type = options[.symbol("type")], type.isRubyTruthy {
            guard case .string(let text) = type else { throw .queueTypeOptionNotAString(queue: name, type: type) }
            if !text.isEmpty {
                var typed = RubyHash()
                typed[.string("x-queue-type")] = type
                arguments = (arguments ?? RubyHash()).merging(typed)
            }
        }
        if let arguments, profile.bunnyChecksQueueType {
            let stringKeyed = arguments[.string("x-queue-type")]
            let queueType = (stringKeyed?.isRubyTruthy == true) ? stringKeyed : arguments[.symbol("x-queue-type")]
            if let queueType, queueType.isRubyTruthy {
                let known: Bool
                if case .string(let text) = queueType {
                    known = profile.bunnyKnownQueueTypes.contains(text)
                } else {
                    known = false
                }
                if !known {
                    throw .unsupportedQueueType(
                        queue: name, type: queueType, rubyErrorClass: profile.bunnyUnknownQueueTypeErrorClass)
                }
            }
        }
        if options[.symbol("no_declare")]?.isRubyTruthy == true { return nil }
        func flag(_ key: String) -> Bool { options[.symbol(key)]?.isRubyTruthy ?? false }
        let table: FieldTable
        do { table = try arguments?.fieldTable() ?? FieldTable() } catch {
            throw .tableEncoding(target: "queue \(name)", error)
        }
        return QueueDeclare(
            queue: QueueName.wireName(name), passive: flag("passive"), durable: flag("durable"),
            exclusive: flag("exclusive"), autoDelete: flag("auto_delete"), noWait: false, arguments: table)
    }

    /// The options and arguments override a declaration style gives bunny for a Hash
    /// (`hash`) meant as the queue's arguments, with `queueOptions` for `.options`.
    static func declare(
        name: String, style: QueueDeclarationStyle, argumentsHash hash: RubyHash, queueOptions: JSONObject?,
        profile: VersionProfile
    ) throws(TopologyFailure) -> QueueDeclare? {
        var durable = RubyHash()
        durable[.symbol("durable")] = .bool(true)
        switch style {
        case .durableWithArguments:
            return try declare(name: name, options: durable, arguments: hash, profile: profile)
        case .options:
            let options = durable.merging(RubyHash(symbolKeysOf: queueOptions ?? JSONObject()))
            return try declare(name: name, options: options, arguments: hash, profile: profile)
        case .argumentsAsOptions:
            return try declare(name: name, options: hash, arguments: nil, profile: profile)
        }
    }
}
