import Hutch
import HutchConventions

/// A message the Swift app declares it publishes, for the contract to encode with the
/// library's ``Publisher`` encoding and compare with what the recorded Ruby consumers
/// accept.
///
/// ```swift
/// PublishingFixture.publish("shop.invoice.created", InvoiceCreated(invoiceID: 7, amountCents: 1999))
/// PublishingFixture.enqueueIn(.seconds(3600), Reminder(invoiceID: 7), for: ReminderConsumer.self)
/// ```
public struct PublishingFixture: Sendable {
    /// The name reports use (by default the call and routing key).
    public var name: String
    let build: @Sendable (PublisherConfiguration) throws -> OutgoingMessage

    /// `publisher.publish(routingKey, value, properties:)`.
    public static func publish(
        _ routingKey: String, _ value: some Encodable & Sendable, properties: PublishProperties = PublishProperties(), name: String? = nil
    ) -> PublishingFixture {
        PublishingFixture(name: name ?? "publish \(routingKey)") { configuration in
            try Publisher.message(routingKey, value, properties: properties, configuration: configuration)
        }
    }

    /// `publisher.enqueueIn(delay, value, for: Consumer.self)`: through the delay
    /// queues, `CC` the consumer's last routing key.
    public static func enqueueIn<Consumer: HutchConsumer>(
        _ delay: Duration, _ value: some Encodable & Sendable, for consumer: Consumer.Type,
        properties: PublishProperties = PublishProperties(), name: String? = nil
    ) -> PublishingFixture {
        PublishingFixture(name: name ?? "enqueue_in \(delay) for \(Consumer.className)") { configuration in
            try Publisher.enqueueInMessage(
                ScheduleInterval(delay), json: try RubyJSONEncoder().encodeToJSONValue(value), routingKeys: Consumer.routingKeys,
                properties: properties, configuration: configuration)
        }
    }
}
