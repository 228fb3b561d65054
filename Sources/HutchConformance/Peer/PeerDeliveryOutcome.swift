import HutchConventions

/// What the Ruby worker did with one delivery to one consumer, read from the peer's
/// events: the `consumed` event (what `#process` ended with), a `consumer_error` when it
/// raised, and the `outcome` event (what the client sent the broker afterwards). The
/// three are tied by consumer class and delivery tag (the peer's worker consumes on one
/// channel, so a tag names one delivery).
package struct PeerDeliveryOutcome: Sendable, Equatable {
    /// The consumer class.
    package var consumer: String
    /// The delivery's routing key.
    package var routingKey: String
    /// The delivery tag on the peer's channel.
    package var deliveryTag: Int64
    /// The delivered message's `message_id`.
    package var messageID: String?
    /// How `#process` ended: `return`, `raise ArgumentError`, `requeue!`, `reject!`.
    package var action: String?
    /// The exception `#process` raised: its class and message.
    package var error: (className: String, message: String)?
    /// `ack`, `nack`, `reject`, `requeue`, `none`; `nil` when no `outcome` event came.
    package var outcome: String?
    /// The `x-death` count of the delivery's headers per queue (MaxRetry's failure
    /// count is read from them), as Ruby's consumer saw them.
    package var deaths: Int

    /// Creates an outcome.
    package init(
        consumer: String, routingKey: String, deliveryTag: Int64, messageID: String?, action: String?,
        error: (className: String, message: String)?, outcome: String?, deaths: Int
    ) {
        self.consumer = consumer
        self.routingKey = routingKey
        self.deliveryTag = deliveryTag
        self.messageID = messageID
        self.action = action
        self.error = error
        self.outcome = outcome
        self.deaths = deaths
    }

    /// Every delivery the events report, in the order of their `consumed` events.
    package static func reported(in events: some Sequence<PeerEvent>) -> [PeerDeliveryOutcome] {
        var outcomes: [PeerDeliveryOutcome] = []
        var errors: [Key: (String, String)] = [:]
        var acknowledged: [Key: String] = [:]
        for event in events {
            guard let consumer = event.string("consumer") else { continue }
            switch event.kind {
            case .consumed:
                let delivery = event.object("delivery")
                guard let tag = delivery?["delivery_tag"]?.int64Value else { continue }
                outcomes.append(
                    PeerDeliveryOutcome(
                        consumer: consumer, routingKey: delivery?["routing_key"]?.stringValue ?? "", deliveryTag: tag,
                        messageID: event.messageID, action: event.string("action"), error: nil, outcome: nil,
                        deaths: Self.deaths(event)))
            case .consumerError:
                guard let tag = event.fields["delivery_tag"]?.int64Value else { continue }
                errors[Key(consumer: consumer, tag: tag)] = (event.string("error_class") ?? "?", event.string("error") ?? "")
            case .outcome:
                guard let tag = event.fields["delivery_tag"]?.int64Value, let outcome = event.string("outcome") else { continue }
                acknowledged[Key(consumer: consumer, tag: tag)] = outcome
            default:
                continue
            }
        }
        return outcomes.map { reported in
            var complete = reported
            let key = Key(consumer: reported.consumer, tag: reported.deliveryTag)
            complete.error = errors[key].map { (className: $0.0, message: $0.1) }
            complete.outcome = acknowledged[key]
            return complete
        }
    }

    /// Whether the worker accepted the delivery: `#process` returned and the client acked.
    package var accepted: Bool { error == nil && outcome == "ack" && (action ?? "return") == "return" }

    /// What happened, in words: `raised ArgumentError: amount_cents must be an Integer,
    /// got nil; the worker sent nack`.
    package var summary: String {
        var parts: [String] = []
        if let error {
            parts.append("raised \(error.className): \(error.message)")
        } else if let action, action != "return" {
            parts.append("called \(action)")
        } else {
            parts.append("returned")
        }
        switch outcome {
        case nil: parts.append("no outcome reported")
        case "none": parts.append("the worker never acknowledged it")
        case let sent?: parts.append("the worker sent \(sent)")
        }
        return parts.joined(separator: "; ")
    }

    package static func == (lhs: PeerDeliveryOutcome, rhs: PeerDeliveryOutcome) -> Bool {
        lhs.consumer == rhs.consumer && lhs.routingKey == rhs.routingKey && lhs.deliveryTag == rhs.deliveryTag
            && lhs.messageID == rhs.messageID && lhs.action == rhs.action && lhs.error?.className == rhs.error?.className
            && lhs.error?.message == rhs.error?.message && lhs.outcome == rhs.outcome && lhs.deaths == rhs.deaths
    }

    private struct Key: Hashable {
        var consumer: String
        var tag: Int64
    }

    /// The sum of the `count` fields of the `x-death` entries in `headers_ruby`.
    private static func deaths(_ event: PeerEvent) -> Int {
        for entry in event.fields["headers_ruby"]?.arrayValue ?? [] {
            let parts = entry.arrayValue ?? []
            guard parts.first?.stringValue == "x-death", parts.count > 2 else { continue }
            return (parts[2].arrayValue ?? []).reduce(0) { sum, death in sum + Int(death.objectValue?["count"]?.int64Value ?? 0) }
        }
        return 0
    }
}
