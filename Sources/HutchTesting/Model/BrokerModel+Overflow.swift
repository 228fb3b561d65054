import HutchConventions

/// What a queue with `x-max-length` does with a message that would make it longer
/// (its `x-overflow`).
enum QueueOverflow: Equatable {
    /// `drop-head`, the default: the oldest ready message goes, dead-lettered with reason
    /// `maxlen` when the queue says where.
    case dropHead
    /// `reject-publish`: the new message is not enqueued; a publisher with confirms gets
    /// `basic.nack`.
    case rejectPublish
    /// `reject-publish-dlx`: as `rejectPublish`, and the refused message is dead-lettered
    /// with reason `maxlen`.
    case rejectPublishDeadLettered
}

extension BrokerModel {
    /// The queue's `x-max-length` (`nil`: no limit). Only ready messages count; delivered,
    /// unacknowledged ones do not.
    func maxLength(of queue: QueueEntity) -> Int? {
        queue.arguments["x-max-length"]?.integerValue.map { Int(clamping: $0) }
    }

    /// The queue's `x-overflow` (`drop-head` when absent or not one RabbitMQ knows).
    func overflow(of queue: QueueEntity) -> QueueOverflow {
        switch queue.arguments["x-overflow"]?.stringValue {
        case "reject-publish": .rejectPublish
        case "reject-publish-dlx": .rejectPublishDeadLettered
        default: .dropHead
        }
    }

    /// Whether queue `name` takes one more message: not when it is at its `x-max-length`
    /// and refuses publishes (`reject-publish`, `reject-publish-dlx`).
    func admits(_ name: String) -> Bool {
        guard let queue = queues[name], let limit = maxLength(of: queue), overflow(of: queue) != .dropHead else { return true }
        return queue.ready.count < limit
    }

    /// What happens to a message queue `name` refused: with `reject-publish-dlx` it is
    /// dead-lettered with reason `maxlen`; with `reject-publish` it is dropped.
    mutating func refuseForOverflow(_ message: StoredMessage, into name: String) {
        guard let queue = queues[name], overflow(of: queue) == .rejectPublishDeadLettered else { return }
        deadLetter(message, from: name, reason: "maxlen")
    }

    /// Drops the oldest ready messages of a `drop-head` queue beyond its `x-max-length`,
    /// dead-lettering them with reason `maxlen` when the queue says where.
    mutating func dropHeadBeyondMaxLength(_ name: String) {
        guard let queue = queues[name], let limit = maxLength(of: queue), overflow(of: queue) == .dropHead else { return }
        while let count = queues[name]?.ready.count, count > limit, let head = queues[name]?.ready.first {
            queues[name]?.ready.removeFirst()
            deadLetter(head, from: name, reason: "maxlen")
        }
    }
}
