import HutchConventions

/// One field of a method, for comparison and reports.
enum MethodField: Equatable {
    case text(String)
    case flag(Bool)
    case number(UInt64)
    case table(FieldTable)
}

extension AMQPMethod {
    /// The method's fields in the format's names and the specification's order.
    var fields: [(name: String, value: MethodField)] {
        switch self {
        case .exchangeDeclare(let m):
            [
                ("exchange", .text(m.exchange)), ("type", .text(m.type)), ("passive", .flag(m.passive)), ("durable", .flag(m.durable)),
                ("auto_delete", .flag(m.autoDelete)), ("internal", .flag(m.internal)), ("nowait", .flag(m.noWait)),
                ("arguments", .table(m.arguments))
            ]
        case .queueDeclare(let m):
            [
                ("queue", .text(m.queue)), ("passive", .flag(m.passive)), ("durable", .flag(m.durable)), ("exclusive", .flag(m.exclusive)),
                ("auto_delete", .flag(m.autoDelete)), ("nowait", .flag(m.noWait)), ("arguments", .table(m.arguments))
            ]
        case .queueBind(let m):
            [
                ("queue", .text(m.queue)), ("exchange", .text(m.exchange)), ("routing_key", .text(m.routingKey)),
                ("nowait", .flag(m.noWait)),
                ("arguments", .table(m.arguments))
            ]
        case .basicQos(let m):
            [
                ("prefetch_size", .number(UInt64(m.prefetchSize))), ("prefetch_count", .number(UInt64(m.prefetchCount))),
                ("global", .flag(m.global))
            ]
        case .basicConsume(let m):
            [
                ("queue", .text(m.queue)), ("consumer_tag", .text(m.consumerTag)), ("no_local", .flag(m.noLocal)),
                ("no_ack", .flag(m.noAck)),
                ("exclusive", .flag(m.exclusive)), ("nowait", .flag(m.noWait)), ("arguments", .table(m.arguments))
            ]
        case .basicPublish(let m):
            [
                ("exchange", .text(m.exchange)), ("routing_key", .text(m.routingKey)), ("mandatory", .flag(m.mandatory)),
                ("immediate", .flag(m.immediate))
            ]
        case .basicDeliver(let m):
            [
                ("consumer_tag", .text(m.consumerTag)), ("delivery_tag", .number(m.deliveryTag)), ("redelivered", .flag(m.redelivered)),
                ("exchange", .text(m.exchange)), ("routing_key", .text(m.routingKey))
            ]
        case .basicAck(let m): [("delivery_tag", .number(m.deliveryTag)), ("multiple", .flag(m.multiple))]
        case .basicNack(let m): [("delivery_tag", .number(m.deliveryTag)), ("multiple", .flag(m.multiple)), ("requeue", .flag(m.requeue))]
        case .basicReject(let m): [("delivery_tag", .number(m.deliveryTag)), ("requeue", .flag(m.requeue))]
        case .channelClose(let m), .connectionClose(let m):
            [
                ("reply_code", .number(UInt64(m.replyCode))), ("reply_text", .text(m.replyText)), ("class_id", .number(UInt64(m.classID))),
                ("method_id", .number(UInt64(m.methodID)))
            ]
        }
    }

    /// A one-line rendering for reports: `queue.declare(queue: "x", durable: true, …)`.
    var summaryText: String {
        let parts = fields.map { field -> String in
            switch field.value {
            case .text(let text): "\(field.name): \"\(text)\""
            case .flag(let flag): "\(field.name): \(flag)"
            case .number(let number): "\(field.name): \(number)"
            case .table(let table): "\(field.name): \(ModelDiffer.render(FieldValue.table(table)))"
            }
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

extension ModelDiffer {
    /// Compares two methods field by field.
    mutating func compare(_ path: String, ruby: AMQPMethod, swift: AMQPMethod) {
        guard ruby.name == swift.name else {
            note(path, ruby: ruby.summaryText, swift: swift.summaryText)
            return
        }
        for (rubyField, swiftField) in zip(ruby.fields, swift.fields) {
            let fieldPath = "\(path).\(rubyField.name)"
            switch (rubyField.value, swiftField.value) {
            case (.table(let r), .table(let s)): compare(fieldPath, ruby: r, swift: s)
            case (.text(let r), .text(let s)): compare(fieldPath, ruby: r, swift: s)
            case (.flag(let r), .flag(let s)): compare(fieldPath, ruby: r, swift: s)
            case (.number(let r), .number(let s)): compare(fieldPath, ruby: r, swift: s)
            default: note(fieldPath, ruby: "\(rubyField.value)", swift: "\(swiftField.value)")
            }
        }
    }
}
