import HutchConventions

/// The spec file the Ruby peer reads (`--spec`): its `Hutch::Config`, whether to load
/// hutch-schedule, the MultiJson adapter and its consumers.
package struct PeerSpec: Sendable, Equatable {
    /// One consumer class the peer defines.
    package struct Consumer: Sendable, Equatable {
        /// The Ruby class name (it also names the queue, as Hutch derives it).
        package var className: String
        /// The routing keys it binds.
        package var routingKeys: [String]
        /// Its `serializer`.
        package var serializer: Serializer

        /// Creates a consumer spec.
        package init(className: String, routingKeys: [String], serializer: Serializer) {
            self.className = className
            self.routingKeys = routingKeys
            self.serializer = serializer
        }
    }

    /// `Hutch::Config` settings (the connection comes from `--url` / `--vhost`).
    package var config: JSONObject
    /// Load hutch-schedule; `nil` lets the peer load it when it is available.
    package var hutchSchedule: Bool?
    /// The MultiJson adapter (`json_gem`, as the bundled corpora were recorded).
    package var jsonAdapter: String
    /// The consumers.
    package var consumers: [Consumer]

    /// Creates a spec.
    package init(config: JSONObject = JSONObject(), hutchSchedule: Bool? = nil, jsonAdapter: String = "json_gem", consumers: [Consumer]) {
        self.config = config
        self.hutchSchedule = hutchSchedule
        self.jsonAdapter = jsonAdapter
        self.consumers = consumers
    }

    /// The cross-language checks' spec: two consumers bound with `#` to Hutch's
    /// exchange, one per serializer, so that every message is seen through both.
    package static let crossLanguage = PeerSpec(consumers: [
        Consumer(className: "PeerJsonConsumer", routingKeys: ["#"], serializer: .json),
        Consumer(className: "PeerIdentityConsumer", routingKeys: ["#"], serializer: .identity)
    ])

    /// The spec as the peer reads it.
    package var object: JSONObject {
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
    package func bytes() throws(PeerProtocolError) -> [UInt8] {
        do {
            return try RubyJSON.generate(.object(object))
        } catch {
            throw PeerProtocolError("the spec cannot be written as JSON: \(error)")
        }
    }
}
