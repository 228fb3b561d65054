/// Everything one publish puts on the wire: the `basic.publish` method, the content
/// header's properties and the body bytes.
///
/// This is the value the publishing conventions produce; a transport turns it into
/// frames (the body is split by the negotiated frame size there, and an empty body
/// sends no body frame, as bunny does).
public struct OutgoingMessage: Sendable, Equatable {
    /// The exchange name (`""` for the default exchange).
    public var exchange: String
    /// The routing key.
    public var routingKey: String
    /// The `mandatory` bit. Hutch never sets it, but a caller's `mandatory:` property
    /// reaches bunny's `basic_publish`, which reads it.
    package var mandatory: Bool
    /// The `immediate` bit; bunny always writes `false`.
    package var immediate: Bool
    /// The content header's properties; `nil` fields are absent (flag bit clear).
    public var properties: BasicProperties
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a message.
    package init(
        exchange: String, routingKey: String, mandatory: Bool = false, immediate: Bool = false,
        properties: BasicProperties, body: [UInt8]
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.mandatory = mandatory
        self.immediate = immediate
        self.properties = properties
        self.body = body
    }

    /// The `basic.publish` method this message is sent with.
    package var method: BasicPublish {
        BasicPublish(exchange: exchange, routingKey: routingKey, mandatory: mandatory, immediate: immediate)
    }
}
