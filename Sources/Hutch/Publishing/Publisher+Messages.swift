import HutchConventions

extension Publisher {
    /// The message ``publish(_:_:properties:confirm:encoder:)`` sends for `value`, built without a
    /// connection: the value written as Ruby's JSON (`encoder`, the publisher's
    /// ``bodyEncoder``) and Hutch's publishing rules for `configuration`. Contract tests
    /// compare it with what the recorded Ruby consumers accept.
    public static func message(
        _ routingKey: String, _ value: some Encodable, properties: PublishProperties = PublishProperties(),
        configuration: PublisherConfiguration, environment: PublishEnvironment = .system,
        encoder: RubyJSONEncoder = RubyJSONEncoder()
    ) throws -> OutgoingMessage {
        try message(
            routingKey, json: try encoder.encodeToJSONValue(value), properties: properties,
            configuration: configuration, environment: environment)
    }

    /// The message ``publish(_:json:properties:serializer:confirm:)`` sends.
    public static func message(
        _ routingKey: String, json: JSONValue, properties: PublishProperties = PublishProperties(), serializer: Serializer? = nil,
        configuration: PublisherConfiguration, environment: PublishEnvironment = .system
    ) throws -> OutgoingMessage {
        try HutchPublisher(configuration: configuration).publish(
            routingKey: routingKey, message: .value(json), properties: properties, serializer: serializer, environment: environment)
    }

    /// The message ``enqueueIn(_:json:routingKeys:properties:confirm:)`` sends: hutch-schedule's
    /// `enqueue_in` for a consumer's routing keys.
    public static func enqueueInMessage(
        _ interval: ScheduleInterval, json: JSONValue, routingKeys: [String], properties: PublishProperties = PublishProperties(),
        configuration: PublisherConfiguration, environment: PublishEnvironment = .system
    ) throws -> OutgoingMessage {
        try HutchEnqueue(routingKeys: routingKeys, configuration: configuration)
            .enqueueIn(interval, .value(json), properties: properties, environment: environment)
    }
}
