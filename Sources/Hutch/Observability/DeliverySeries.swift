import HutchAMQP
import HutchConventions

/// The `consumer` and `routing_key` dimensions of a delivery's metrics.
///
/// `routing_key` is the consumer's own binding key the delivery matched, never the
/// delivery's routing key as such, so the number of series is bounded by the consumers'
/// `routingKeys`: a message to `orders.eu.created` on a consumer bound to `orders.#` counts
/// under `orders.#`; a delayed or retried message (delivered with
/// `<exchange>.schedule.<N>s`) counts under the binding its `CC` header matched; anything
/// else under `other`.
struct DeliverySeries: Hashable, Sendable {
    let consumer: String
    let routingKey: String

    init(consumer: String, routingKey: String) {
        self.consumer = consumer
        self.routingKey = routingKey
    }

    init(_ delivery: IncomingDelivery, consumer: ConsumerDefinition) {
        self.consumer = consumer.className
        self.routingKey = Self.binding(delivery, bindings: consumer.routingKeys)
    }

    static let unmatched = "other"

    private static func binding(_ delivery: IncomingDelivery, bindings: [String]) -> String {
        if let matched = match(delivery.routingKey, bindings) { return matched }
        if case .array(let keys)? = delivery.properties.headers?.rubyLookup("CC") {
            for key in keys {
                if let text = key.stringValue, let matched = match(text, bindings) { return matched }
            }
        }
        return unmatched
    }

    private static func match(_ routingKey: String, _ bindings: [String]) -> String? {
        if bindings.contains(routingKey) { return routingKey }
        return bindings.first { TopicPattern.matches($0, routingKey) }
    }
}
