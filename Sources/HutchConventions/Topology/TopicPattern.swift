/// AMQP topic-exchange matching, as RabbitMQ routes: a binding key and a routing key
/// are words separated by `.`; `*` stands for exactly one word, `#` for zero or more.
package enum TopicPattern {
    /// Whether a queue bound with `bindingKey` receives a message with `routingKey`.
    package static func matches(_ bindingKey: String, _ routingKey: String) -> Bool {
        let pattern = bindingKey.split(separator: ".", omittingEmptySubsequences: false)
        let words = routingKey.split(separator: ".", omittingEmptySubsequences: false)
        var memo: [Int: Bool] = [:]
        func match(_ p: Int, _ w: Int) -> Bool {
            let key = p * (words.count + 1) + w
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = w == words.count
            } else if pattern[p] == "#" {
                result = match(p + 1, w) || (w < words.count && match(p, w + 1))
            } else if w < words.count && (pattern[p] == "*" || pattern[p] == words[w]) {
                result = match(p + 1, w + 1)
            } else {
                result = false
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    /// Whether `bindingKey` matches any of `routingKeys`.
    package static func matchesAny(_ bindingKey: String, _ routingKeys: [String]) -> Bool {
        routingKeys.contains { matches(bindingKey, $0) }
    }
}
