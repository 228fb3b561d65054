/// `Hutch::Publisher#publish` (Hutch 1.1–1.4) on top of bunny 2.24 / 3.2: what one call
/// puts on the wire.
///
/// The rules it mirrors, in Ruby's order:
/// 1. The serializer is the `serializer:` option, else the configured one.
/// 2. `properties[:message_id] ||= SecureRandom.uuid`: a caller's truthy `message_id`
///    is kept (even `""`), `nil`/`false` or a missing one is replaced by a fresh UUID.
/// 3. The body is `serializer.encode(message)`; its errors come first.
/// 4. The options are `{persistent: true}.merge(properties).merge(global_properties)
///    .merge(routing_key:, timestamp: Time.now.to_i, content_type: serializer.content_type)`:
///    shallow merges, so global properties replace a caller's `headers` or `message_id`
///    whole, and a caller cannot override `timestamp`, `content_type` or `routing_key`.
/// 5. bunny: a routing key over 255 characters raises `ArgumentError`;
///    `delivery_mode ||= (persistent ? 2 : 1)`, `content_type ||= "application/octet-stream"`
///    (the identity serializer has no content type), `priority ||= 0` (so priority 0 is
///    always sent); `mandatory` is taken from the options, `immediate` is always false.
/// 6. amq-protocol encodes the exchange and routing key (over 255 bytes → `RangeError`)
///    and then the properties (see the notes on ``PublishProperties``).
public struct HutchPublisher: Sendable, Equatable {
    /// The settings the publisher reads.
    package var configuration: PublisherConfiguration

    /// Creates a publisher with these settings.
    public init(configuration: PublisherConfiguration = PublisherConfiguration()) {
        self.configuration = configuration
    }

    /// `Hutch.publish(routing_key, message, properties, serializer: …)`.
    ///
    /// - Parameters:
    ///   - routingKey: the routing key; it always wins over a `routing_key` property.
    ///   - message: the message object.
    ///   - properties: the caller's properties Hash.
    ///   - serializer: the `serializer:` option, or `nil` for the configured serializer.
    ///   - environment: the clock (`timestamp`) and the UUID source (`message_id`).
    /// - Throws: ``PublishError`` named after the exception Ruby raises.
    public func publish(
        routingKey: String, message: PublishMessage, properties: PublishProperties = PublishProperties(),
        serializer: Serializer? = nil, environment: PublishEnvironment
    ) throws(PublishError) -> OutgoingMessage {
        let serializer = serializer ?? configuration.serializer
        let timestamp = environment.now()
        let messageID: String? =
            PublishProperties.isTruthy(properties["message_id"]) ? nil : environment.nextMessageID()
        let body = try message.body(serializer: serializer)

        let hutchContentType: JSONValue = serializer == .identity ? .null : .string(serializer.contentType)
        if let message = quickPublish(
            routingKey: routingKey, body: body, properties: properties, messageID: messageID, timestamp: timestamp,
            hutchContentType: hutchContentType)
        {
            return message
        }
        var callerProperties = properties
        if let messageID { callerProperties["message_id"] = .ruby(.string(messageID)) }
        return try hashPublish(
            routingKey: routingKey, body: body, callerProperties: callerProperties, timestamp: timestamp,
            hutchContentType: hutchContentType)
    }

    /// Rules 4–6 as Ruby runs them: the options Hash merged, then bunny's `basic_publish`
    /// on it (which raises the first exception in Hash order).
    func hashPublish(
        routingKey: String, body: [UInt8], callerProperties: PublishProperties, timestamp: Int64,
        hutchContentType: JSONValue
    ) throws(PublishError) -> OutgoingMessage {
        var options = PublishProperties([("persistent", .ruby(.bool(true)))])
            .merging(callerProperties)
            .merging(configuration.globalProperties)
            .merging(
                PublishProperties([
                    ("routing_key", .ruby(.string(routingKey))),
                    ("timestamp", .ruby(.int(timestamp))),
                    ("content_type", .ruby(hutchContentType))
                ]))
        return try Self.basicPublish(
            exchange: configuration.exchange, routingKey: routingKey, body: body, options: &options)
    }

    /// The message of ``publish(routingKey:message:properties:serializer:environment:)``
    /// read from the options' values alone (``PublishOptionValues``), for a publish that
    /// raises nothing; `nil` when something would raise, for ``hashPublish(routingKey:body:callerProperties:timestamp:hutchContentType:)``
    /// to raise it. When it gives a message, that message is the one the Hash gives.
    /// `properties` are the caller's, and `messageID` the fresh id that replaces a missing
    /// or falsy `message_id` (`nil` when the caller's is kept).
    func quickPublish(
        routingKey: String, body: [UInt8], properties: PublishProperties, messageID: String?, timestamp: Int64,
        hutchContentType: JSONValue
    ) -> OutgoingMessage? {
        let exchange = configuration.exchange
        // At most 255 bytes: at most 255 characters, and both short strings fit.
        guard routingKey.utf8.count <= 255, exchange.utf8.count <= 255 else { return nil }
        let global = configuration.globalProperties
        var options = PublishOptionValues()
        options.persistent = .hutch
        options.merge(properties) { .caller($0) }
        if messageID != nil { options.messageID = .hutch }
        options.merge(global) { .global($0) }
        let mandatory = PublishProperties.isTruthy(
            PublishOptionValues.value(options.mandatory, caller: properties, global: global))
        var message = OutgoingMessage(
            exchange: exchange, routingKey: routingKey, mandatory: mandatory, immediate: false,
            properties: BasicProperties(), body: body)
        guard
            options.writeBasicProperties(
                into: &message.properties, caller: properties, global: global, messageID: messageID,
                timestamp: timestamp, contentType: hutchContentType)
        else { return nil }
        return message
    }

    /// bunny's `Channel#basic_publish` and amq-protocol's `Basic::Publish.encode` for an
    /// options Hash that is already merged.
    static func basicPublish(
        exchange: String, routingKey: String, body: [UInt8], options: inout PublishProperties
    ) throws(PublishError) -> OutgoingMessage {
        let characters = routingKey.unicodeScalars.count
        if characters > 255 {
            throw PublishError(.argument, "routing key cannot be longer than 255 characters")
        }
        let mode: Int64 = PublishProperties.isTruthy(options["persistent"]) ? 2 : 1
        if !PublishProperties.isTruthy(options["delivery_mode"]) { options["delivery_mode"] = .ruby(.int(mode)) }
        if !PublishProperties.isTruthy(options["content_type"]) {
            options["content_type"] = .ruby(.string("application/octet-stream"))
        }
        if !PublishProperties.isTruthy(options["priority"]) { options["priority"] = .ruby(.int(0)) }
        let mandatory = PublishProperties.isTruthy(options["mandatory"])

        try BunnyPropertyEncoding.checkShortString(exchange)
        try BunnyPropertyEncoding.checkShortString(routingKey)
        let properties = try BunnyPropertyEncoding.encode(options)
        return OutgoingMessage(
            exchange: exchange, routingKey: routingKey, mandatory: mandatory, immediate: false,
            properties: properties, body: body)
    }
}
