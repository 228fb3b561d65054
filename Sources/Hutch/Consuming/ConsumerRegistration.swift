import HutchAMQP
import HutchConventions

/// A consumer with its type erased, as the worker runs it.
struct ConsumerRegistration: Sendable {
    let definition: ConsumerDefinition
    let maxConcurrency: Int?
    /// Decodes the delivery and runs the handler; throws ``UndecodableBody`` before the
    /// handler runs, or what the handler threw.
    let run:
        @Sendable (IncomingDelivery, _ failureCount: Int, DispositionBox, _ defaultSerializer: Serializer, HandlerContext) async throws ->
            Void

    init<Consumer: HutchConsumer>(_ consumer: Consumer) {
        self.definition = Consumer.definition
        self.maxConcurrency = Consumer.maxConcurrency
        self.run = { delivery, failureCount, disposition, defaultSerializer, context in
            let body = try Consumer.decodeBody(delivery.body, defaultSerializer: defaultSerializer)
            try await consumer.process(
                ReceivedMessage(delivery, body: body, failureCount: failureCount, disposition: disposition), context: context)
        }
    }

    init(_ consumer: DynamicConsumer) {
        self.definition = consumer.definition
        self.maxConcurrency = consumer.maxConcurrency
        self.run = consumer.run
    }
}

extension ReceivedMessage {
    /// The message for one delivery and its decoded body.
    init(_ delivery: IncomingDelivery, body: Body, failureCount: Int, disposition: DispositionBox) {
        self.init(
            body: body, rawBody: delivery.body, routingKey: delivery.routingKey, exchange: delivery.exchange,
            properties: delivery.properties, redelivered: delivery.redelivered, failureCount: failureCount,
            disposition: disposition)
    }
}
