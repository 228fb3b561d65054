/// What RabbitMQ (3.10, the version the corpora were recorded against) refuses among
/// the declarations Hutch sends, as the `channel.close` it answers with.
///
/// Modelled, for `queue.declare`: a name with the reserved `amq.` prefix (403); an
/// `x-queue-type` other than `classic`, `quorum` or `stream`; a quorum or stream queue
/// that is not durable, is exclusive or auto-delete; a quorum queue with
/// `x-max-priority` or `x-queue-mode`; and the argument values RabbitMQ validates —
/// `x-expires` (an integer above 0), `x-message-ttl`, `x-max-length`,
/// `x-max-length-bytes` (integers from 0), `x-max-priority` (an integer 0…255),
/// `x-overflow` (`drop-head`, `reject-publish`, `reject-publish-dlx`), `x-queue-mode`
/// (`default`, `lazy`), `x-dead-letter-exchange` and `x-dead-letter-routing-key`
/// (strings). With several problems the first in table order is named. For
/// `basic.consume`: a stream queue on a channel without a prefetch count.
///
/// The reply texts are RabbitMQ's up to the vhost (``Close/replyText`` ends at
/// ` in vhost`): the vhost is the recorder's, not part of the behaviour.
package enum BrokerRefusal {
    /// The close for a `queue.declare`, or `nil` when the broker declares the queue.
    package static func queueDeclare(_ declare: QueueDeclare) -> Close? {
        let queue = declare.queue
        if queue.hasPrefix("amq.") {
            return Close(
                replyCode: 403, replyText: "ACCESS_REFUSED - queue name '\(queue)' contains reserved prefix 'amq.*'", classID: 50,
                methodID: 10)
        }
        let type = queueType(declare.arguments)
        if let type, !["classic", "quorum", "stream"].contains(type) { return invalidArgument("x-queue-type", queue: queue) }
        if type == "quorum" || type == "stream" {
            for (refused, property) in [
                (!declare.durable, "non-durable"), (declare.exclusive, "exclusive-owner"), (declare.autoDelete, "auto-delete")
            ] where refused {
                return precondition("invalid property '\(property)' for queue '\(queue)'")
            }
        }
        for entry in declare.arguments.entries {
            if type == "quorum" && ["x-max-priority", "x-queue-mode"].contains(entry.key) {
                return invalidArgument(entry.key, queue: queue)
            }
            if !isValid(entry.key, entry.value) { return invalidArgument(entry.key, queue: queue) }
        }
        return nil
    }

    /// The close for a `basic.consume` on `queue` (declared with `arguments`, `nil`
    /// when this channel did not declare it) with the channel's `prefetchCount`.
    package static func basicConsume(queue: String, arguments: FieldTable?, prefetchCount: UInt16?) -> Close? {
        guard let arguments, queueType(arguments) == "stream", (prefetchCount ?? 0) == 0 else { return nil }
        return Close(
            replyCode: 406, replyText: "PRECONDITION_FAILED - consumer prefetch count is not set for 'queue '\(queue)'", classID: 60,
            methodID: 20)
    }

    /// `x-queue-type` as given, when it is a string.
    static func queueType(_ arguments: FieldTable) -> String? {
        arguments["x-queue-type"].flatMap { $0.stringValue ?? "not a string" }
    }

    static func isValid(_ key: String, _ value: FieldValue) -> Bool {
        switch key {
        case "x-expires": return (value.integerValue ?? 0) > 0
        case "x-message-ttl", "x-max-length", "x-max-length-bytes": return (value.integerValue ?? -1) >= 0
        case "x-max-priority": return (0...255).contains(value.integerValue ?? -1)
        case "x-overflow": return ["drop-head", "reject-publish", "reject-publish-dlx"].contains(value.stringValue ?? "")
        case "x-queue-mode": return ["default", "lazy"].contains(value.stringValue ?? "")
        case "x-dead-letter-exchange", "x-dead-letter-routing-key": return value.stringValue != nil
        default: return true
        }
    }

    static func invalidArgument(_ key: String, queue: String) -> Close {
        precondition("invalid arg '\(key)' for queue '\(queue)'")
    }

    static func precondition(_ text: String) -> Close {
        Close(replyCode: 406, replyText: "PRECONDITION_FAILED - " + text, classID: 50, methodID: 10)
    }
}

extension Close {
    /// The reply text up to RabbitMQ's ` in vhost '…'` (the whole text when it has none).
    package var replyTextBeforeVhost: String {
        guard let range = replyText.range(of: " in vhost ") else { return replyText }
        return String(replyText[..<range.lowerBound])
    }
}
