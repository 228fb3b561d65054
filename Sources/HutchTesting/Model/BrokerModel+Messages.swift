import HutchAMQP
import HutchConventions

extension BrokerModel {
    // MARK: Publishing

    /// `basic.publish`: routes the message and enqueues a copy in each queue that takes it
    /// (a full `reject-publish` queue does not; with `refusedByEveryQueue`, as the fault
    /// ``InMemoryConnection/nackNextPublishes(_:)`` asks, no queue does); a `mandatory` one
    /// no queue's binding matches goes back to the channel's return handler (312 `NO_ROUTE`).
    mutating func publish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, on connection: ConnectionID,
        refusedByEveryQueue: Bool = false
    ) throws(BrokerRefusal) -> PublishOutcome {
        let id = MethodID.basicPublish
        guard let exchange = exchanges[method.exchange] else {
            throw .notFound("exchange", method.exchange, vhost: virtualHost, method: id)
        }
        if exchange.internal {
            throw BrokerRefusal(403, "ACCESS_REFUSED - cannot publish to internal \(resource("exchange", exchange.name))", method: id)
        }
        if let expiration = properties.expiration, Int64(expiration).map({ $0 < 0 }) ?? true {
            throw BrokerRefusal(406, "PRECONDITION_FAILED - invalid expiration '\(expiration)': no_integer", method: id)
        }
        var stored = properties
        let routingKeys = [method.routingKey] + Self.headerRoutes(properties.headers)
        if var headers = stored.headers, headers["BCC"] != nil {
            headers.entries.removeAll { $0.key == "BCC" }
            stored.headers = headers
        }
        let message = StoredMessage(
            sequence: 0, exchange: method.exchange, routingKey: method.routingKey, properties: stored, body: body)
        let targets = route(exchange, routingKeys: routingKeys, headers: properties.headers)
        let accepted = refusedByEveryQueue ? [] : targets.filter { admits($0) }
        journal.append(.published(exchange: method.exchange, routingKey: method.routingKey, message: message.inspected, queues: accepted))
        for queue in targets {
            if accepted.contains(queue) { enqueue(message, into: queue) } else { refuseForOverflow(message, into: queue) }
        }
        if targets.isEmpty, method.mandatory, let handler = connections[connection]?.channels[channel]?.returnHandler {
            let returned = BasicReturn(replyCode: 312, replyText: "NO_ROUTE", exchange: method.exchange, routingKey: method.routingKey)
            effects.append(.returned(handler, ReturnedMessage(method: returned, properties: properties, body: body)))
        }
        return PublishOutcome(routed: !targets.isEmpty, refused: accepted.count < targets.count)
    }

    /// Where a published message went.
    struct PublishOutcome {
        /// Whether some queue's binding matched it (one that did not match any and was
        /// `mandatory` came back).
        var routed: Bool
        /// Whether a queue it was routed to refused it (`reject-publish`): the broker nacks
        /// it, though the other queues took it.
        var refused: Bool
    }

    /// The `CC` and `BCC` routing keys of a message's headers (sender-selected distribution).
    static func headerRoutes(_ headers: FieldTable?) -> [String] {
        guard let headers else { return [] }
        var keys: [String] = []
        for name in ["CC", "BCC"] {
            switch headers[name] {
            case .array(let values)?: keys += values.compactMap(\.stringValue)
            case let value?: if let key = value.stringValue { keys.append(key) }
            case nil: break
            }
        }
        return keys
    }

    /// Puts a message at the tail of `queue`, its expiry set from its `expiration` and the
    /// queue's `x-message-ttl` (the earlier wins), hands out what can be, and drops the
    /// head of a `drop-head` queue beyond its `x-max-length`.
    mutating func enqueue(_ message: StoredMessage, into name: String) {
        guard let queue = queues[name] else { return }
        var copy = message
        copy.sequence = nextSequence
        nextSequence += 1
        copy.redelivered = false
        let ttls = [message.properties.expiration.flatMap { Int64($0) }, messageTTL(of: queue)].compactMap { $0 }
        copy.expiresAt = ttls.min().map { now + $0 }
        queues[name]?.ready.append(copy)
        dispatch(name)
        dropHeadBeyondMaxLength(name)
    }

    /// Puts a settled-without-ack message back in `queue` where its publish order puts it,
    /// marked redelivered (its expiry unchanged).
    mutating func requeue(_ message: StoredMessage, into name: String) {
        guard let ready = queues[name]?.ready else { return }
        var copy = message
        copy.redelivered = true
        let index = ready.firstIndex { $0.sequence > message.sequence } ?? ready.count
        queues[name]?.ready.insert(copy, at: index)
    }

    // MARK: Delivering

    /// Drops (or dead-letters) the expired messages at the head of `queue`, then hands
    /// ready messages to consumers with room under their prefetch, round robin.
    mutating func dispatch(_ name: String) {
        expire(name)
        while let head = queues[name]?.ready.first, let ref = nextReadyConsumer(of: name) {
            queues[name]?.ready.removeFirst()
            if let consumers = queues[name]?.consumers, let index = consumers.firstIndex(of: ref) {
                queues[name]?.consumers.remove(at: index)
                queues[name]?.consumers.append(ref)
            }
            deliver(head, from: name, to: ref)
            expire(name)
        }
    }

    private func nextReadyConsumer(of name: String) -> ConsumerRef? {
        queues[name]?.consumers.first { ref in
            guard let channel = connections[ref.connection]?.channels[ref.channel],
                let consumer = channel.consumers[ref.tag]
            else { return false }
            if consumer.noAck { return true }
            if consumer.prefetch > 0, consumer.unacknowledged >= Int(consumer.prefetch) { return false }
            if channel.channelPrefetch > 0, channel.unsettled.count >= Int(channel.channelPrefetch) { return false }
            return true
        }
    }

    private mutating func deliver(_ message: StoredMessage, from queue: String, to ref: ConsumerRef) {
        guard var channel = connections[ref.connection]?.channels[ref.channel], var consumer = channel.consumers[ref.tag] else {
            return
        }
        let tag = channel.nextDeliveryTag
        channel.nextDeliveryTag += 1
        if !consumer.noAck {
            channel.unsettled.append(UnsettledDelivery(tag: tag, queue: queue, message: message, consumerTag: ref.tag))
            consumer.unacknowledged += 1
        }
        channel.consumers[ref.tag] = consumer
        connections[ref.connection]?.channels[ref.channel] = channel
        effects.append(.deliver(consumer.feed, incoming(message, channel: ref.channel, consumerTag: ref.tag, tag: tag)))
    }

    private func incoming(_ message: StoredMessage, channel: UInt16, consumerTag: String, tag: UInt64) -> IncomingDelivery {
        IncomingDelivery(
            channel: channel, consumerTag: consumerTag, deliveryTag: tag, redelivered: message.redelivered,
            exchange: message.exchange, routingKey: message.routingKey, properties: message.properties, body: message.body)
    }

    // MARK: Consumers

    /// `basic.qos`: `global` limits the channel, else each consumer subscribing later.
    mutating func qos(_ method: BasicQos, channel: UInt16, on connection: ConnectionID) {
        if method.global {
            connections[connection]?.channels[channel]?.channelPrefetch = method.prefetchCount
        } else {
            connections[connection]?.channels[channel]?.consumerPrefetch = method.prefetchCount
        }
    }

    /// `basic.consume`: subscribes `feed` and returns the consumer tag (the broker's
    /// `amq.ctag-…` when the request's is empty).
    mutating func consume(
        _ method: BasicConsume, feed: DeliveryFeed, channel: UInt16, on connection: ConnectionID
    ) throws(BrokerRefusal) -> String {
        let id = MethodID.basicConsume
        let queue = try existingQueue(method.queue, for: connection, method: id)
        if queue.exclusiveConsumer != nil || (method.exclusive && !queue.consumers.isEmpty) {
            throw BrokerRefusal(403, "ACCESS_REFUSED - \(resource("queue", method.queue)) in exclusive use", method: id)
        }
        let tag = method.consumerTag.isEmpty ? generatedName("amq.ctag") : method.consumerTag
        let prefetch = connections[connection]?.channels[channel]?.consumerPrefetch ?? 0
        connections[connection]?.channels[channel]?.consumers[tag] = ConsumerEntity(
            queue: method.queue, noAck: method.noAck, feed: feed, prefetch: prefetch)
        let ref = ConsumerRef(connection: connection, channel: channel, tag: tag)
        queues[method.queue]?.consumers.append(ref)
        queues[method.queue]?.hadConsumer = true
        if method.exclusive { queues[method.queue]?.exclusiveConsumer = ref }
        dispatch(method.queue)
        return tag
    }

    /// `basic.cancel`: the consumer's deliveries end normally; what it has not settled
    /// stays unacknowledged on the channel. An unknown tag is fine.
    mutating func cancel(_ tag: String, channel: UInt16, on connection: ConnectionID) {
        guard let consumer = connections[connection]?.channels[channel]?.consumers.removeValue(forKey: tag) else { return }
        effects.append(.endConsumer(consumer.feed))
        removeConsumer(ConsumerRef(connection: connection, channel: channel, tag: tag), from: consumer.queue)
    }

    /// Takes a consumer off its queue; an auto-delete queue goes with its last consumer.
    mutating func removeConsumer(_ ref: ConsumerRef, from name: String) {
        queues[name]?.consumers.removeAll { $0 == ref }
        if queues[name]?.exclusiveConsumer == ref { queues[name]?.exclusiveConsumer = nil }
        if let queue = queues[name], queue.autoDelete, queue.hadConsumer, queue.consumers.isEmpty { _ = removeQueue(name) }
    }

    // MARK: Settling

    /// How the client settles a delivery.
    enum Settlement {
        case ack
        case nack(requeue: Bool)
        case reject(requeue: Bool)

        /// What the journal records.
        var outcome: InMemorySettlement {
            switch self {
            case .ack: .acked
            case .nack(requeue: true), .reject(requeue: true): .requeued
            case .nack(requeue: false): .nacked
            case .reject(requeue: false): .rejected
            }
        }

        var method: (classID: UInt16, methodID: UInt16) {
            switch self {
            case .ack: MethodID.basicAck
            case .nack: MethodID.basicNack
            case .reject: MethodID.basicReject
            }
        }
    }

    /// `basic.ack` / `basic.nack` / `basic.reject` of `tag` (with `multiple`, every earlier
    /// one too; tag 0 with `multiple`: all): 406 `unknown delivery tag` when the channel
    /// has no such unsettled delivery. Requeued messages come back redelivered; rejected
    /// ones are dead-lettered when their queue says where.
    mutating func settle(
        _ tag: UInt64, multiple: Bool, as settlement: Settlement, channel number: UInt16, on connection: ConnectionID
    ) throws(BrokerRefusal) {
        guard var channel = connections[connection]?.channels[number] else { return }
        let settled: [UnsettledDelivery]
        if multiple, tag == 0 {
            settled = channel.unsettled
        } else {
            guard channel.unsettled.contains(where: { $0.tag == tag }) else {
                throw BrokerRefusal(406, "PRECONDITION_FAILED - unknown delivery tag \(tag)", method: settlement.method)
            }
            settled = multiple ? channel.unsettled.filter { $0.tag <= tag } : channel.unsettled.filter { $0.tag == tag }
        }
        let tags = Set(settled.map(\.tag))
        channel.unsettled.removeAll { tags.contains($0.tag) }
        for delivery in settled {
            if let consumerTag = delivery.consumerTag { channel.consumers[consumerTag]?.unacknowledged -= 1 }
        }
        connections[connection]?.channels[number] = channel
        var touched = Set(channel.consumers.values.map(\.queue))
        for delivery in settled {
            touched.insert(delivery.queue)
            journal.append(.settled(queue: delivery.queue, message: delivery.message.inspected, settlement.outcome))
            switch settlement {
            case .ack: break
            case .nack(requeue: true), .reject(requeue: true): requeue(delivery.message, into: delivery.queue)
            case .nack(requeue: false), .reject(requeue: false): deadLetter(delivery.message, from: delivery.queue, reason: "rejected")
            }
        }
        for queue in touched.sorted() { dispatch(queue) }
    }

    /// `basic.get`: the head of the queue (`nil` when none is ready) and how many stay ready.
    mutating func get(_ name: String, autoAck: Bool, channel number: UInt16, on connection: ConnectionID) throws(BrokerRefusal)
        -> FetchedMessage?
    {
        _ = try existingQueue(name, for: connection, method: MethodID.basicGet)
        expire(name)
        guard let message = queues[name]?.ready.first, var channel = connections[connection]?.channels[number] else { return nil }
        queues[name]?.ready.removeFirst()
        let tag = channel.nextDeliveryTag
        channel.nextDeliveryTag += 1
        if !autoAck { channel.unsettled.append(UnsettledDelivery(tag: tag, queue: name, message: message, consumerTag: nil)) }
        connections[connection]?.channels[number] = channel
        return FetchedMessage(
            delivery: incoming(message, channel: number, consumerTag: "", tag: tag), remaining: UInt32(queues[name]?.ready.count ?? 0))
    }
}
