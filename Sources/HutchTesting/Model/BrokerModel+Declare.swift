import HutchAMQP
import HutchConventions

extension BrokerModel {
    // MARK: Exchanges

    /// `exchange.declare` as RabbitMQ 3.10 answers it.
    mutating func declareExchange(_ method: ExchangeDeclare) throws(BrokerRefusal) {
        let id = MethodID.exchangeDeclare
        if method.passive {
            guard exchanges[method.exchange] != nil else { throw .notFound("exchange", method.exchange, vhost: virtualHost, method: id) }
            return
        }
        if method.exchange.isEmpty {
            throw BrokerRefusal(403, "ACCESS_REFUSED - operation not permitted on the default exchange", method: id)
        }
        if method.exchange.hasPrefix("amq.") {
            throw BrokerRefusal(
                403, "ACCESS_REFUSED - exchange name '\(method.exchange)' contains reserved prefix 'amq.*'", method: id)
        }
        guard let kind = ExchangeKind(rawValue: method.type) else {
            throw BrokerRefusal(503, "COMMAND_INVALID - unknown exchange type '\(method.type)'", method: id, connectionLevel: true)
        }
        guard let existing = exchanges[method.exchange] else {
            exchanges[method.exchange] = ExchangeEntity(
                name: method.exchange, type: kind, durable: method.durable, autoDelete: method.autoDelete,
                internal: method.internal, arguments: method.arguments)
            return
        }
        let name = resource("exchange", method.exchange)
        try ArgumentEquivalence.field("type", of: name, current: existing.type.rawValue, received: method.type, method: id)
        try ArgumentEquivalence.field("durable", of: name, current: existing.durable, received: method.durable, method: id)
        try ArgumentEquivalence.field("auto_delete", of: name, current: existing.autoDelete, received: method.autoDelete, method: id)
        try ArgumentEquivalence.field("internal", of: name, current: existing.internal, received: method.internal, method: id)
        try ArgumentEquivalence.arguments(
            ["alternate-exchange"], of: name, current: existing.arguments, received: method.arguments, method: id)
    }

    /// `exchange.delete`: a missing exchange is fine (RabbitMQ answers `delete-ok`).
    mutating func deleteExchange(_ name: String, ifUnused: Bool) throws(BrokerRefusal) {
        let id = MethodID.exchangeDelete
        if name.isEmpty || name.hasPrefix("amq.") {
            throw BrokerRefusal(403, "ACCESS_REFUSED - operation not permitted on the default exchange", method: id)
        }
        guard let exchange = exchanges[name] else { return }
        if ifUnused, !exchange.bindings.isEmpty {
            throw BrokerRefusal(406, "PRECONDITION_FAILED - \(resource("exchange", name)) in use", method: id)
        }
        exchanges[name] = nil
    }

    // MARK: Queues

    /// `queue.declare` as RabbitMQ 3.10 answers it: the queue's name, ready messages and consumers.
    mutating func declareQueue(_ method: QueueDeclare, by connection: ConnectionID) throws(BrokerRefusal) -> QueueDeclareOK {
        let id = MethodID.queueDeclare
        var name = method.queue
        if name.isEmpty, !method.passive { name = generatedName("amq.gen") }
        if let existing = queues[name] {
            if method.passive {
                try checkExclusiveAccess(existing, owner: connection, strict: false, method: id)
            } else {
                try checkExclusiveAccess(existing, owner: method.exclusive ? connection : nil, strict: true, method: id)
            }
            if !method.passive {
                let described = resource("queue", name)
                try ArgumentEquivalence.field("durable", of: described, current: existing.durable, received: method.durable, method: id)
                try ArgumentEquivalence.field(
                    "auto_delete", of: described, current: existing.autoDelete, received: method.autoDelete, method: id)
                try ArgumentEquivalence.arguments(
                    ArgumentEquivalence.queueArguments, of: described, current: existing.arguments, received: method.arguments,
                    method: id)
            }
            expire(name)
            let queue = queues[name] ?? existing
            return QueueDeclareOK(queue: name, messageCount: UInt32(queue.ready.count), consumerCount: UInt32(queue.consumers.count))
        }
        if method.passive { throw .notFound("queue", name, vhost: virtualHost, method: id) }
        if name.hasPrefix("amq."), !method.queue.isEmpty {
            throw BrokerRefusal(403, "ACCESS_REFUSED - queue name '\(name)' contains reserved prefix 'amq.*'", method: id)
        }
        queues[name] = QueueEntity(
            name: name, durable: method.durable, autoDelete: method.autoDelete,
            exclusiveOwner: method.exclusive ? connection : nil, arguments: method.arguments)
        return QueueDeclareOK(queue: name, messageCount: 0, consumerCount: 0)
    }

    /// 405 `RESOURCE_LOCKED` unless the queue's exclusive owner is `owner` (`nil`: not
    /// exclusive), or, unless `strict`, the queue is not exclusive. A redeclaration is
    /// strict (its exclusive flag must match); other methods are not.
    func checkExclusiveAccess(
        _ queue: QueueEntity, owner: ConnectionID?, strict: Bool, method: (classID: UInt16, methodID: UInt16)
    ) throws(BrokerRefusal) {
        if queue.exclusiveOwner == owner { return }
        if !strict, queue.exclusiveOwner == nil { return }
        throw BrokerRefusal(
            405,
            "RESOURCE_LOCKED - cannot obtain exclusive access to locked \(resource("queue", queue.name)). It could be "
                + "originally declared on another connection or the exclusive property value does not match that of "
                + "the original declaration.",
            method: method)
    }

    /// The queue `name` for a method other than `queue.declare`: 404 when it is missing,
    /// 405 when another connection holds it exclusively.
    func existingQueue(
        _ name: String, for connection: ConnectionID, method: (classID: UInt16, methodID: UInt16)
    ) throws(BrokerRefusal) -> QueueEntity {
        guard let queue = queues[name] else { throw .notFound("queue", name, vhost: virtualHost, method: method) }
        try checkExclusiveAccess(queue, owner: connection, strict: false, method: method)
        return queue
    }

    /// `queue.bind`: 404 for a missing exchange (named first) or queue; binding twice is fine.
    mutating func bind(_ method: QueueBind, by connection: ConnectionID) throws(BrokerRefusal) {
        let id = MethodID.queueBind
        if method.exchange.isEmpty {
            throw BrokerRefusal(403, "ACCESS_REFUSED - operation not permitted on the default exchange", method: id)
        }
        guard exchanges[method.exchange] != nil else { throw .notFound("exchange", method.exchange, vhost: virtualHost, method: id) }
        _ = try existingQueue(method.queue, for: connection, method: id)
        let binding = BindingEntity(queue: method.queue, routingKey: method.routingKey, arguments: method.arguments)
        if exchanges[method.exchange]?.bindings.contains(binding) == false { exchanges[method.exchange]?.bindings.append(binding) }
    }

    /// `queue.purge`: drops the ready messages (not the unacknowledged ones) and returns how many.
    mutating func purge(_ name: String, by connection: ConnectionID) throws(BrokerRefusal) -> UInt32 {
        _ = try existingQueue(name, for: connection, method: MethodID.queuePurge)
        expire(name)
        let count = queues[name]?.ready.count ?? 0
        queues[name]?.ready = []
        return UInt32(count)
    }

    /// `queue.delete`: a missing queue is fine (0 messages).
    mutating func deleteQueue(_ name: String, ifUnused: Bool, ifEmpty: Bool, by connection: ConnectionID) throws(BrokerRefusal) -> UInt32 {
        let id = MethodID.queueDelete
        guard let queue = queues[name] else { return 0 }
        try checkExclusiveAccess(queue, owner: connection, strict: false, method: id)
        if ifUnused, !queue.consumers.isEmpty {
            throw BrokerRefusal(406, "PRECONDITION_FAILED - \(resource("queue", name)) in use", method: id)
        }
        if ifEmpty, !queue.ready.isEmpty {
            throw BrokerRefusal(406, "PRECONDITION_FAILED - \(resource("queue", name)) not empty", method: id)
        }
        return removeQueue(name)
    }

    /// Removes a queue and its bindings (an auto-delete exchange left without any goes
    /// too); returns how many messages were ready. Its consumers stay registered on their
    /// channels and get nothing more: RabbitMQ tells a client of the cancellation only
    /// when it announced `consumer_cancel_notify`, which `AMQPConnection` does not, so
    /// its deliveries end only when the client cancels or closes.
    mutating func removeQueue(_ name: String) -> UInt32 {
        guard let queue = queues.removeValue(forKey: name) else { return 0 }
        for exchangeName in exchanges.keys.sorted() {
            guard let exchange = exchanges[exchangeName], exchange.bindings.contains(where: { $0.queue == name }) else { continue }
            exchanges[exchangeName]?.bindings.removeAll { $0.queue == name }
            if exchange.autoDelete, exchanges[exchangeName]?.bindings.isEmpty == true { exchanges[exchangeName] = nil }
        }
        return UInt32(queue.ready.count)
    }
}
