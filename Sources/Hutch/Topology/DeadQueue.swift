import HutchConventions

/// The dead queue of the Go port of Hutch (go-hutch): where messages go that used up
/// their attempts, instead of being dropped as Ruby's hutch-schedule does.
///
/// `<exchange>_dead_queue`: durable, `x-message-ttl` 2 592 000 000 ms (30 days),
/// `x-max-length` 100 000, bound to the main exchange with routing key `dead_queue.#`.
/// Dead messages are published to the main exchange with routing key
/// `dead_queue.<original routing key>`, body and properties unchanged. Note that a
/// consumer bound to `#` on the main exchange receives them too.
public struct DeadQueue: Sendable, Equatable {
    /// The main exchange (`mq_exchange`).
    package var exchange: String

    /// The dead queue of `exchange`.
    package init(exchange: String) { self.exchange = exchange }

    /// `<exchange>_dead_queue`.
    package var queueName: String { "\(exchange)_dead_queue" }

    /// The routing-key prefix of dead messages, `dead_queue.`.
    package static let routingKeyPrefix = "dead_queue."

    /// The `queue.declare`: durable, 30-day TTL, at most 100 000 messages.
    package var queueDeclare: QueueDeclare {
        QueueDeclare(
            queue: queueName, durable: true,
            arguments: FieldTable(pairs: [("x-message-ttl", .int64(2_592_000_000)), ("x-max-length", .int64(100_000))]))
    }

    /// The `queue.bind` to the main exchange with `dead_queue.#`.
    package var queueBind: QueueBind {
        QueueBind(queue: queueName, exchange: exchange, routingKey: "\(Self.routingKeyPrefix)#")
    }

    /// The message that sends `delivery` to the dead queue: routing key
    /// `dead_queue.<originalRoutingKey>`, body and properties unchanged except that the
    /// `CC` and `BCC` headers are removed: a message retried by hutch-schedule carries
    /// `CC: [consumer routing key]`, which would otherwise route the dead message straight
    /// back to the consumer's queue.
    package func message(for delivery: Delivery, originalRoutingKey: String) -> OutgoingMessage {
        var properties = delivery.properties
        if let headers = properties.headers {
            properties.headers = FieldTable(headers.entries.filter { $0.key != "CC" && $0.key != "BCC" })
        }
        return OutgoingMessage(
            exchange: exchange, routingKey: Self.routingKeyPrefix + originalRoutingKey, properties: properties,
            body: delivery.body)
    }
}
