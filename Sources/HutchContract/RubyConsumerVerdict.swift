import HutchConformance
import HutchConventions

/// Swift → Ruby through the Ruby app's own consumers: the verdict on one publishing
/// fixture from what the Ruby peer reported (``PeerDeliveryOutcome``).
///
/// The fixture passes when at least one of the app's consumers binds one of its
/// destination keys, and every delivery of it to every consumer — each consumer that
/// binds it must report one — returned from `#process` and was acked. A consumer error,
/// a `requeue!`/`reject!`, a nack, reject or requeue, a delivery never acknowledged, or
/// a consumer that reported nothing fails, naming the consumer, routing key and reason.
struct RubyConsumerVerdict {
    /// The fixture's name.
    var fixture: String
    /// The message Swift published.
    var sent: OutgoingMessage
    /// Where it is meant to go on the app's exchange (``MessageContract/destinationKeys(_:)``).
    var destinations: [String]
    /// The consumers the peer runs (its `ready` event).
    var consumers: [PeerConsumerSummary]
    /// How long the run waited, for "nothing came" (`within 20 s`).
    var waited: String

    /// The checks: `ruby consumers bind` and one `ruby consumer <Class>` per consumer
    /// that binds the message or reported it.
    func checks(_ reported: [PeerDeliveryOutcome]) -> [CaseResult.Check] {
        let keys = destinations.map { "\"\($0)\"" }.joined(separator: ", ")
        let mine = reported.filter { $0.messageID != nil && $0.messageID == sent.properties.messageID }
        let binding = consumers.filter { $0.binds(any: destinations) }
        var checks: [CaseResult.Check] = []
        if binding.isEmpty {
            let bindings = consumers.map { "\($0.className) (\($0.routingKeys.map { "\"\($0)\"" }.joined(separator: ", ")))" }
            checks.append(
                CaseResult.Check(
                    name: "ruby consumers bind",
                    differences: [
                        Difference(
                            path: "routing key \(keys)",
                            ruby: "no consumer of the Ruby app binds it"
                                + (bindings.isEmpty ? "" : "; its consumers: \(bindings.joined(separator: ", "))"),
                            swift: "publishes to exchange \"\(sent.exchange)\" with routing key \"\(sent.routingKey)\"")
                    ]))
        } else {
            checks.append(CaseResult.Check(name: "ruby consumers bind", differences: []))
        }
        var judged = binding.map(\.className)
        for delivery in mine where !judged.contains(delivery.consumer) { judged.append(delivery.consumer) }
        for consumer in judged {
            let deliveries = mine.filter { $0.consumer == consumer }
            var differences: [Difference] = []
            if deliveries.isEmpty {
                differences.append(
                    Difference(
                        path: "\(consumer), routing key \(keys)", ruby: "no delivery reported \(waited)", swift: Self.describe(sent)))
            }
            for delivery in deliveries where !delivery.accepted {
                differences.append(
                    Difference(
                        path: "\(consumer), routing key \"\(delivery.routingKey)\"", ruby: delivery.summary, swift: Self.describe(sent)))
            }
            checks.append(CaseResult.Check(name: "ruby consumer \(consumer)", differences: differences))
        }
        return checks
    }

    /// `published {"invoice_id":"inv-2001",…}` (the body as text, at most 300 characters).
    static func describe(_ message: OutgoingMessage) -> String {
        let text = String(decoding: message.body, as: UTF8.self)
        let shown = text.count > 300 ? String(text.prefix(300)) + "…" : text
        return "published \(shown)"
    }
}
