import HutchConventions

/// A queue bound to the main (topic) exchange, as the management API lists it.
public struct QueueBinding: Sendable, Equatable {
    /// The queue.
    public var queue: String
    /// The binding key (`*` and `#` allowed).
    public var bindingKey: String

    /// Creates a binding.
    public init(queue: String, bindingKey: String) {
        self.queue = queue
        self.bindingKey = bindingKey
    }

    /// The queues of `bindings` a message with `routingKey` reaches, sorted, each once.
    public static func queues(in bindings: [QueueBinding], receiving routingKey: String) -> [String] {
        Array(Set(bindings.filter { TopicPattern.matches($0.bindingKey, routingKey) }.map(\.queue))).sorted()
    }
}
