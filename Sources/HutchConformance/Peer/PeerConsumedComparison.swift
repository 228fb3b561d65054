import HutchConventions
import HutchRubyModel

/// What Ruby's consumers reported for one message, against what they should have
/// seen: the delivery (`delivery`, typed `properties`, body bytes), the headers as
/// bunny decoded them (`headers_ruby`: key order and Ruby classes), and Hutch::Message
/// — or its absence, where the consumer's serializer cannot build it.
struct PeerConsumedComparison {
    /// The message as the broker should deliver it.
    var expected: Delivery
    /// The `consumed` event of each peer consumer for this message (`nil`: none came).
    var events: [(consumer: PeerSpec.Consumer, event: PeerEvent?)]
    /// Where the consumer events were awaited, for the "nothing came" difference.
    var waited: String

    /// Differences of the delivery each consumer reported.
    func delivery() -> [Difference] {
        var differ = ModelDiffer()
        for (consumer, event) in events {
            guard let event else { continue }
            let path = consumer.className
            let delivery = event.object("delivery")
            differ.compare(path + ".delivery.exchange", ruby: delivery?["exchange"]?.stringValue, swift: expected.deliver.exchange)
            differ.compare(path + ".delivery.routing_key", ruby: delivery?["routing_key"]?.stringValue, swift: expected.deliver.routingKey)
            differ.compare(path + ".delivery.redelivered", ruby: delivery?["redelivered"]?.boolValue, swift: false)
            do {
                let properties = try TypedValueReader(file: "peer").properties(event.fields["properties"] ?? .null, path: "properties")
                differ.compare(path + ".properties", ruby: properties, swift: expected.properties)
            } catch {
                differ.note(path + ".properties", ruby: "unreadable: \(error)", swift: ModelDiffer.render(expected.properties))
            }
            let body = event.string("body_base64").flatMap(Base64.decode)
            if let body {
                differ.compareBytes(path + ".body", ruby: body, swift: expected.body)
            } else {
                differ.note(path + ".body", ruby: "no body_base64", swift: ModelDiffer.render(expected.body))
            }
        }
        return differ.differences
    }

    /// Differences of `headers_ruby`: each key, in order, with the Ruby class bunny
    /// decodes its value into.
    func headers() -> [Difference] {
        var differ = ModelDiffer()
        let predicted = (expected.properties.headers?.rubyHash.entries ?? []).map { "\($0.key): \($0.value.rubyClassName)" }
        for (consumer, event) in events {
            guard let event else { continue }
            let reported = (event.fields["headers_ruby"]?.arrayValue ?? []).map { entry -> String in
                let parts = entry.arrayValue ?? []
                return "\(parts.first?.stringValue ?? "?"): \(parts.dropFirst().first?.stringValue ?? "?")"
            }
            differ.compare(consumer.className + ".headers_ruby", ruby: reported, swift: predicted)
        }
        return differ.differences
    }

    /// Whether Hutch can build the message for `consumer`: then its `#process` runs and
    /// the peer reports `consumed`.
    static func isBuilt(_ delivery: Delivery, by consumer: PeerSpec.Consumer) -> Bool {
        (try? RubyMessage(delivery: delivery, serializer: consumer.serializer)) != nil
    }

    /// Differences of Hutch::Message per consumer: whether it was built, and its view.
    func message() -> [Difference] {
        var differ = ModelDiffer()
        var differences: [Difference] = []
        for (consumer, event) in events {
            let path = consumer.className + ".message"
            let built = Result { () throws(RubyException) in try RubyMessage(delivery: expected, serializer: consumer.serializer) }
            switch (built, event) {
            case (.success(let message), .some(let event)):
                guard let view = event.object("message") else {
                    differ.note(path, ruby: "consumed without a message view", swift: "built, body class \(message.bodyClass)")
                    continue
                }
                differences += PeerMessageView.differences(ruby: view, swift: message, path: path)
            case (.success(let message), .none):
                differ.note(path, ruby: "no consumed event \(waited)", swift: "built, body class \(message.bodyClass)")
            case (.failure(let error), .some(let event)):
                differ.note(
                    path, ruby: "built, body class \(event.object("message")?["body_class"]?.stringValue ?? "?")",
                    swift: "not built: \(error.className)")
            case (.failure, .none):
                break  // Hutch cannot build it, and the consumer never ran: as predicted
            }
        }
        return differ.differences + differences
    }
}
