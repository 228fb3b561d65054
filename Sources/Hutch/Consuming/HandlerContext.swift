import HutchConventions
import Logging

/// What a handler gets besides its message: the delivery's metadata, a `Logger` that
/// names the delivery, and the worker's ``Publisher`` for follow-up messages.
///
/// Implement ``HutchConsumer/process(_:context:)`` (or give a ``DynamicConsumer`` a
/// handler) to receive it:
///
/// ```swift
/// struct InvoicePaidConsumer: HutchConsumer {
///     static let routingKeys = ["billing.invoice.paid"]
///
///     func process(_ message: ReceivedMessage<InvoiceCreated>, context: HandlerContext) async throws {
///         context.logger.info("invoice paid")  // message_id, routing_key, consumer as metadata
///         try await context.publisher.publish("billing.receipt.requested", message.body)
///     }
/// }
/// ```
///
/// See <doc:HandlerContextAndRuntimeConsumers>.
public struct HandlerContext: Sendable {
    /// The consumer's class name (``HutchConsumer/className``, `ConsumerDefinition.className`).
    public let consumer: String
    /// The routing key the message was delivered with.
    public let routingKey: String
    /// The exchange it was delivered from.
    public let exchange: String
    /// The content-header properties.
    public let properties: BasicProperties
    /// Whether the broker delivered it before.
    public let redelivered: Bool
    /// Earlier failures of this message for this consumer (``ReceivedMessage/failureCount``).
    public let failureCount: Int
    /// The worker's logger with the metadata `message_id` (`none` when the message has
    /// none), `routing_key` and `consumer` (added when read: a handler that does not log
    /// costs nothing).
    public var logger: Logger {
        var logger = workerLogger
        logger[metadataKey: "message_id"] = "\(properties.messageID ?? "none")"
        logger[metadataKey: "routing_key"] = "\(routingKey)"
        logger[metadataKey: "consumer"] = "\(consumer)"
        return logger
    }
    private let workerLogger: Logger
    /// The worker's publisher (``Worker/publisher``), for follow-up messages.
    public let publisher: Publisher

    /// `message.message_id`.
    public var messageID: String? { properties.messageID }
    /// The `headers` property.
    public var headers: FieldTable? { properties.headers }

    /// Creates a context; the worker does. `logger` is the worker's, without the delivery's metadata.
    public init(
        consumer: String, routingKey: String, exchange: String, properties: BasicProperties, redelivered: Bool,
        failureCount: Int, logger: Logger, publisher: Publisher
    ) {
        self.consumer = consumer
        self.routingKey = routingKey
        self.exchange = exchange
        self.properties = properties
        self.redelivered = redelivered
        self.failureCount = failureCount
        self.workerLogger = logger
        self.publisher = publisher
    }
}
