import HutchConventions

extension BrokerModel {
    /// The queues a message published to `exchange` with `routingKeys` (its routing key,
    /// then its `CC` and `BCC` keys) and `headers` goes to, each once, in binding order.
    func route(_ exchange: ExchangeEntity, routingKeys: [String], headers: FieldTable?) -> [String] {
        var matched: [String] = []
        func add(_ queue: String) {
            if queues[queue] != nil, !matched.contains(queue) { matched.append(queue) }
        }
        if exchange.name.isEmpty {
            for key in routingKeys { add(key) }
            return matched
        }
        for binding in exchange.bindings {
            let hit: Bool
            switch exchange.type {
            case .direct: hit = routingKeys.contains(binding.routingKey)
            case .fanout: hit = true
            case .topic: hit = routingKeys.contains { TopicPattern.matches(binding.routingKey, $0) }
            case .headers: hit = HeadersMatch.matches(binding.arguments, headers ?? FieldTable())
            }
            if hit { add(binding.queue) }
        }
        return matched
    }
}

/// A topic exchange's binding key: words separated by dots, `*` for exactly one word,
/// `#` for zero or more.
enum TopicPattern {
    static func matches(_ pattern: String, _ routingKey: String) -> Bool {
        let words = pattern.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let keys = routingKey.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return match(words[...], keys[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ key: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return key.isEmpty }
        switch first {
        case "#":
            let rest = pattern.dropFirst()
            var remaining = key
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        case "*":
            return !key.isEmpty && match(pattern.dropFirst(), key.dropFirst())
        default:
            return key.first == first && match(pattern.dropFirst(), key.dropFirst())
        }
    }
}

/// A headers exchange's binding: `x-match` `all` (the default) or `any` of the binding's
/// other arguments (those not starting with `x-`) present in the message's headers with
/// the same value (a void value only asks for the key).
enum HeadersMatch {
    static func matches(_ binding: FieldTable, _ headers: FieldTable) -> Bool {
        let wantsAny = binding["x-match"]?.stringValue == "any"
        let conditions = binding.entries.filter { !$0.key.hasPrefix("x-") }
        let hits = conditions.map { condition -> Bool in
            guard let value = headers[condition.key] else { return false }
            return condition.value == .void || condition.value == value
        }
        return wantsAny ? hits.contains(true) : hits.allSatisfy { $0 }
    }
}
