import HutchConventions

/// The message a Hutch consumer's `process` receives: `Hutch::Message`.
///
/// Hutch builds it from a delivery with the consumer's serializer
/// (`Hutch::Message.new(delivery_info, properties, payload, serializer)`), delegating
/// `routing_key` and `exchange` to the `basic.deliver` fields and `message_id` and
/// `timestamp` to the properties. Building it decodes the body, which is where an
/// unusable body raises (`Serializer.decodeBody(_:)` in HutchConventions).
package struct RubyMessage: Sendable, Equatable {
    /// `message.routing_key`: the routing key the message was delivered with (after a
    /// hutch-schedule delay, the delay level's key such as `hutch.schedule.5s`).
    package var routingKey: String
    /// `message.exchange`: the exchange the message was delivered from.
    package var exchange: String
    /// `message.message_id`, `nil` when the property is absent.
    package var messageID: String?
    /// `message.timestamp` in Unix seconds, `nil` when the property is absent.
    package var timestamp: UInt64?
    /// `message.body`.
    package var body: Serializer.DecodedBody
    /// The Ruby class of `message.body`: `ActiveSupport::HashWithIndifferentAccess` for
    /// the JSON serializer, `String` for the identity serializer. (A plain `Hash` is what
    /// MaxRetry's own `MultiJson.decode(payload)` gives, never `message.body`.)
    package var bodyClass: String

    /// Creates a message view directly.
    package init(
        routingKey: String, exchange: String, messageID: String?, timestamp: UInt64?, body: Serializer.DecodedBody, bodyClass: String
    ) {
        self.routingKey = routingKey
        self.exchange = exchange
        self.messageID = messageID
        self.timestamp = timestamp
        self.body = body
        self.bodyClass = bodyClass
    }

    /// Builds the message as `Hutch::Message.new` does, or throws what Ruby raises there.
    ///
    /// - Parameters:
    ///   - delivery: what arrived.
    ///   - serializer: the consumer's `serializer`, else the configured default
    ///     (`Hutch::Config[:serializer]`, JSON unless changed).
    package init(delivery: Delivery, serializer: Serializer) throws(RubyException) {
        let body = try serializer.decodeBody(delivery.body)
        self.init(
            routingKey: delivery.deliver.routingKey,
            exchange: delivery.deliver.exchange,
            messageID: delivery.properties.messageID,
            timestamp: delivery.properties.timestamp,
            body: body,
            bodyClass: serializer.bodyClassName)
    }

    /// The JSON body, when the JSON serializer built it.
    package var jsonBody: JSONValue? {
        if case .json(let value) = body { return value }
        return nil
    }
}
