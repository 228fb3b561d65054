import HutchConventions

/// A queue bound to the main (topic) exchange, as the management API lists it.
package struct QueueBinding: Sendable, Equatable {
    /// The queue.
    package var queue: String
    /// The binding key (`*` and `#` allowed).
    package var bindingKey: String

    /// Creates a binding.
    package init(queue: String, bindingKey: String) {
        self.queue = queue
        self.bindingKey = bindingKey
    }

    /// The queues of `bindings` a message with `routingKey` reaches, sorted, each once.
    package static func queues(in bindings: [QueueBinding], receiving routingKey: String) -> [String] {
        Array(Set(bindings.filter { TopicPattern.matches($0.bindingKey, routingKey) }.map(\.queue))).sorted()
    }
}
