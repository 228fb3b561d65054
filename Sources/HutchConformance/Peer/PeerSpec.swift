import HutchConventions

/// The spec file the Ruby peer reads (`--spec`): its `Hutch::Config`, whether to load
/// hutch-schedule, the MultiJson adapter and its consumers.
public struct PeerSpec: Sendable, Equatable {
    /// One consumer class the peer defines.
    public struct Consumer: Sendable, Equatable {
        /// The Ruby class name (it also names the queue, as Hutch derives it).
        public var className: String
        /// The routing keys it binds.
        public var routingKeys: [String]
        /// Its `serializer`.
        public var serializer: Serializer

        /// Creates a consumer spec.
        public init(className: String, routingKeys: [String], serializer: Serializer) {
            self.className = className
            self.routingKeys = routingKeys
            self.serializer = serializer
        }
    }

    /// `Hutch::Config` settings (the connection comes from `--url` / `--vhost`).
    public var config: JSONObject
    /// Load hutch-schedule; `nil` lets the peer load it when it is available.
    public var hutchSchedule: Bool?
    /// The MultiJson adapter (`json_gem`, as the bundled corpora were recorded).
    public var jsonAdapter: String
    /// The consumers.
    public var consumers: [Consumer]

    /// Creates a spec.
    public init(config: JSONObject = JSONObject(), hutchSchedule: Bool? = nil, jsonAdapter: String = "json_gem", consumers: [Consumer]) {
        self.config = config
        self.hutchSchedule = hutchSchedule
        self.jsonAdapter = jsonAdapter
        self.consumers = consumers
    }

    /// The cross-language checks' spec: two consumers bound with `#` to Hutch's
    /// exchange, one per serializer, so that every message is seen through both.
    public static let crossLanguage = PeerSpec(consumers: [
        Consumer(className: "PeerJsonConsumer", routingKeys: ["#"], serializer: .json),
        Consumer(className: "PeerIdentityConsumer", routingKeys: ["#"], serializer: .identity)
    ])

    /// The spec as the peer reads it.
    public var object: JSONObject {
        var object: JSONObject = ["config": .object(config), "json_adapter": .string(jsonAdapter)]
        if let hutchSchedule { _ = object.updateValue(.bool(hutchSchedule), forKey: "hutch_schedule") }
        _ = object.updateValue(
            .array(
                consumers.map { consumer in
                    .object([
                        "class_name": .string(consumer.className),
                        "routing_keys": .array(consumer.routingKeys.map(JSONValue.string)),
                        "serializer": .string(consumer.serializer.rawValue)
                    ])
                }), forKey: "consumers")
        return object
    }

    /// The spec file's bytes.
    public func bytes() throws(PeerProtocolError) -> [UInt8] {
        do {
            return try RubyJSON.generate(.object(object))
        } catch {
            throw PeerProtocolError("the spec cannot be written as JSON: \(error)")
        }
    }
}
