import HutchConventions

/// A message a case records on the wire: what Ruby published (`Hutch.publish`,
/// `enqueue*`, MaxRetry's republish) or a delivery Ruby's client read.
///
/// Read with ``RecordedCase/rubyMessages()``; the contract checks and `hutch-conformance
/// diff` take a case's messages from here.
package struct RecordedRubyMessage: Sendable {
    /// Where the case holds it: `expected` (publishing kinds), `delivery`, `published`
    /// (what `enqueue_in` sent before the delivery) or `republished[N]`.
    package var role: String
    /// The exchange it was published to, or delivered from.
    package var exchange: String
    /// The routing key it was published, or delivered, with.
    package var routingKey: String
    /// The content-header properties.
    package var properties: BasicProperties
    /// The body bytes.
    package var body: [UInt8]
    /// The frames the client wrote or read.
    package var frames: [RecordedFrame]
    /// For a delivery: `redelivered` and `delivery_tag`.
    package var delivery: (redelivered: Bool, deliveryTag: UInt64)?
    /// Whether Hutch sent it. `false` for `raw` deliveries, which a plain AMQP client
    /// published to model bad input.
    package var sentByHutch: Bool
    /// Whether the broker closed the channel on the publish (`expected.server_close`):
    /// the message went nowhere.
    package var refusedByBroker: Bool

    /// The routing keys the message reaches queues with on its exchange: its own key
    /// and the `CC` and `BCC` headers' keys (RabbitMQ's sender-selected distribution).
    /// After a delay queue, dead-lettering keeps the key and `CC` (not `BCC`).
    package var routingKeys: [String] {
        [routingKey] + Self.headerKeys(properties.headers, "CC") + Self.headerKeys(properties.headers, "BCC")
    }

    /// The routing keys a dead-lettered copy carries: its key and `CC`.
    package var deadLetterRoutingKeys: [String] { [routingKey] + Self.headerKeys(properties.headers, "CC") }

    /// A message a Swift publisher would send, seen as a recorded one (no frames).
    package init(outgoing message: OutgoingMessage) {
        self.init(
            role: "expected", exchange: message.exchange, routingKey: message.routingKey, properties: message.properties,
            body: message.body, frames: [], delivery: nil, sentByHutch: true, refusedByBroker: false)
    }

    init(
        role: String, exchange: String, routingKey: String, properties: BasicProperties, body: [UInt8], frames: [RecordedFrame],
        delivery: (redelivered: Bool, deliveryTag: UInt64)?, sentByHutch: Bool, refusedByBroker: Bool
    ) {
        self.role = role
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
        self.body = body
        self.frames = frames
        self.delivery = delivery
        self.sentByHutch = sentByHutch
        self.refusedByBroker = refusedByBroker
    }

    static func headerKeys(_ headers: FieldTable?, _ name: String) -> [String] {
        guard case .array(let items)? = headers?[name] else { return [] }
        return items.compactMap { item in
            if case .longString(let bytes) = item { String(validating: bytes, as: UTF8.self) } else { nil }
        }
    }
}

extension RecordedCase {
    /// The messages this case records, in the order they appear in the file; none for
    /// kinds without messages or when Ruby raised before publishing.
    package func rubyMessages() throws(CaseFileError) -> [RecordedRubyMessage] {
        let expected = expectedReader
        let closes = expected.has("server_close") ? try expected.array("server_close") : []
        let refused = !closes.isEmpty
        var messages: [RecordedRubyMessage] = []
        switch kind {
        case _ where PublishChecker.kinds.contains(kind):
            if try expected.optionalString("error_class") == nil, expected.has("exchange") {
                messages.append(Self.message(try RecordedMessage.read(expected), role: "expected", refused: refused))
            }
        case "consume":
            if let published = try expected.optionalObject("published") {
                messages.append(Self.message(try RecordedMessage.read(published), role: "published", refused: false))
            }
            if try expected.bool("delivered", default: true), let reader = try expected.optionalObject("delivery") {
                let recorded = try RecordedDelivery.read(reader)
                let deliver = recorded.delivery.deliver
                messages.append(
                    RecordedRubyMessage(
                        role: "delivery", exchange: deliver.exchange, routingKey: deliver.routingKey,
                        properties: recorded.delivery.properties, body: recorded.delivery.body, frames: recorded.frames,
                        delivery: (deliver.redelivered, deliver.deliveryTag),
                        sentByHutch: try inputReader.optionalString("delivered_via") != "raw", refusedByBroker: false))
            }
            messages += try republished(expected)
        case "retry":
            messages += try republished(expected)
        default:
            break
        }
        return messages
    }

    private func republished(_ expected: FieldReader) throws(CaseFileError) -> [RecordedRubyMessage] {
        guard let value = expected.optionalValue("republished") else { return [] }
        if value.objectValue != nil, let reader = try expected.optionalObject("republished") {
            return [Self.message(try RecordedMessage.read(reader), role: "republished", refused: false)]
        }
        var messages: [RecordedRubyMessage] = []
        for (index, reader) in try expected.objects("republished").enumerated() {
            messages.append(Self.message(try RecordedMessage.read(reader), role: "republished[\(index)]", refused: false))
        }
        return messages
    }

    private static func message(_ recorded: RecordedMessage, role: String, refused: Bool) -> RecordedRubyMessage {
        RecordedRubyMessage(
            role: role, exchange: recorded.publish.exchange, routingKey: recorded.publish.routingKey,
            properties: recorded.properties, body: recorded.body, frames: recorded.frames, delivery: nil,
            sentByHutch: true, refusedByBroker: refused)
    }

    /// The fields `expected.nondeterministic` names (`message_id`, `timestamp`,
    /// `consumer_tag`, `x-death.time`).
    package var nondeterministicFields: Set<String> {
        Set(expected["nondeterministic"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
