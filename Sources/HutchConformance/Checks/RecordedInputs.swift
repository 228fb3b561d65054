import HutchConventions

/// Builds the core's inputs (consumers, configuration) from a case's `input`.
enum RecordedInputs {
    /// A `consumer` object: the consumer class's DSL settings.
    static func consumer(_ reader: FieldReader) throws(CaseFileError) -> ConsumerDefinition {
        var consumer = ConsumerDefinition(className: try reader.string("class_name"), routingKeys: try routingKeys(reader))
        consumer.queueName = try reader.optionalString("queue_name")
        if let arguments = reader.optionalValue("arguments") {
            guard let object = arguments.objectValue else { throw reader.error("arguments", expected: "an object") }
            consumer.arguments = object
        }
        if reader.optionalValue("argument_symbol_keys") != nil {
            consumer.argumentSymbolKeys = Set(try reader.strings("argument_symbol_keys"))
        }
        consumer.lazyQueue = try reader.bool("lazy_queue", default: false)
        consumer.classicQueue = try reader.bool("classic_queue", default: false)
        if let quorum = try reader.optionalObject("quorum_queue") {
            consumer.quorumQueue = .init(initialGroupSize: try quorum.optionalInt("initial_group_size").map { Int($0) })
        }
        if let options = try reader.optionalObject("queue_options") { consumer.queueOptions = options.object }
        consumer.withoutNamespace = try reader.bool("without_namespace", default: false)
        consumer.attempts = Int(try reader.optionalInt("attempts") ?? 0)
        if let name = try reader.optionalString("serializer") {
            guard let serializer = Serializer(rawValue: name) else {
                throw reader.error("serializer", expected: "\"json\" or \"identity\"")
            }
            consumer.serializer = serializer
        }
        return consumer
    }

    /// The consumer's routing keys: several `consume_calls` join as a Ruby Set does
    /// (first occurrence kept), else `routing_keys`.
    static func routingKeys(_ reader: FieldReader) throws(CaseFileError) -> [String] {
        guard let calls = reader.optionalValue("consume_calls") else { return try reader.strings("routing_keys") }
        guard let lists = calls.arrayValue else { throw reader.error("consume_calls", expected: "a list of routing-key lists") }
        var keys: [String] = []
        for (index, list) in lists.enumerated() {
            guard let items = list.arrayValue else {
                throw CaseFileError(
                    file: reader.file, field: reader.fieldPath("consume_calls") + "[\(index)]", expected: "a list of routing keys",
                    found: summary(of: list))
            }
            for item in items {
                guard let key = item.stringValue else {
                    throw CaseFileError(
                        file: reader.file, field: reader.fieldPath("consume_calls") + "[\(index)]", expected: "routing-key strings",
                        found: summary(of: item))
                }
                if !keys.contains(key) { keys.append(key) }
            }
        }
        return keys
    }

    /// The `config` settings that shape topology, over the profile's defaults.
    static func topologyConfig(_ reader: FieldReader?, profile: VersionProfile) throws(CaseFileError) -> TopologyConfig {
        var config = TopologyConfig.defaults(for: profile)
        guard let reader else { return config }
        if reader.has("mq_exchange") { config.mqExchange = try reader.string("mq_exchange") }
        if reader.has("mq_exchange_type") { config.mqExchangeType = try reader.string("mq_exchange_type") }
        if let options = try reader.optionalObject("mq_exchange_options") { config.mqExchangeOptions = options.object }
        if reader.has("namespace") { config.namespace = try reader.optionalString("namespace") }
        if reader.has("channel_prefetch") { config.channelPrefetch = try reader.optionalInt("channel_prefetch").map { Int($0) } }
        if reader.has("consumer_tag_prefix") { config.consumerTagPrefix = try reader.string("consumer_tag_prefix") }
        return config
    }
}
