import HutchAMQP
import HutchConventions

/// A consumer made at run time from a `ConsumerDefinition` and a handler closure, for
/// consumers whose routing keys, queue, arguments and limits come from configuration —
/// a thousand of them need no thousand types.
///
/// The worker runs it as it runs a ``HutchConsumer`` with the same settings: the queue
/// name is derived from `ConsumerDefinition.className` (or its `queueName`) as Hutch
/// derives it, the topology is the pairing's, and failures, retries and limits follow
/// the same path.
///
/// ```swift
/// let tenants = ["Acme", "Globex"]  // read from configuration
/// let tenantConsumers = tenants.map { tenant in
///     DynamicConsumer(
///         ConsumerDefinition(
///             className: "Billing::\(tenant)InvoiceConsumer",  // queue billing:acme_invoice_consumer, as Hutch names it
///             routingKeys: ["billing.\(tenant.lowercased()).invoice.created"], attempts: 3),
///         maxConcurrency: 2, body: InvoiceCreated.self
///     ) { message, context in
///         await ledger.record(message.body, rawBody: message.rawBody, failureCount: context.failureCount)
///     }
/// }
/// let tenantWorker = Worker(connection: connection, dynamicConsumers: tenantConsumers, logger: logger)
/// ```
///
/// See <doc:HandlerContextAndRuntimeConsumers>.
public struct DynamicConsumer: Sendable {
    /// The consumer as Hutch's DSL would declare it (class name, routing keys, queue name,
    /// arguments, queue options, serializer, `attempts`).
    public let definition: ConsumerDefinition
    /// The most handlers of this consumer running at once (``HutchConsumer/maxConcurrency``).
    public let maxConcurrency: Int?
    let run:
        @Sendable (IncomingDelivery, _ failureCount: Int, DispositionBox, _ defaultSerializer: Serializer, HandlerContext) async throws ->
            Void

    /// A consumer for `definition` whose messages are decoded as `body` (as
    /// ``HutchConsumer/Body`` is: `JSONValue` takes any JSON object, `[UInt8]` / `String`
    /// with the identity serializer) and handled by `handler`. `body` may be left out when
    /// the handler's parameter type names it; `bodyDecoder` relaxes how JSON bodies are read
    /// as ``HutchConsumer/bodyDecoder`` does for a typed consumer.
    ///
    /// Returning from `handler` acknowledges the message; throwing fails it as a
    /// ``HutchConsumer/process(_:context:)`` that throws does.
    public init<Body: Decodable & Sendable>(
        _ definition: ConsumerDefinition, maxConcurrency: Int? = nil, body: Body.Type = Body.self,
        bodyDecoder: RubyJSONDecoder = RubyJSONDecoder(),
        handler: @escaping @Sendable (ReceivedMessage<Body>, HandlerContext) async throws -> Void
    ) {
        self.definition = definition
        self.maxConcurrency = maxConcurrency
        self.run = { delivery, failureCount, disposition, defaultSerializer, context in
            let decoded = try BodyDecoding.decode(
                Body.self, from: delivery.body, serializer: definition.serializer ?? defaultSerializer, decoder: bodyDecoder)
            try await handler(ReceivedMessage(delivery, body: decoded, failureCount: failureCount, disposition: disposition), context)
        }
    }
}
