import HutchAMQP
import HutchConventions
import Synchronization

/// The transport the client (`Worker`, `Publisher`, `HutchConnection`) uses: `package`,
/// like the protocol; users reach the broker through ``InMemoryBroker/hutchConnection(settings:logger:)``
/// or ``HutchTestHarness``.
extension InMemoryConnection: AMQPTransport {
    // MARK: Channels

    /// Opens the lowest channel number that is not open and returns it.
    package func openChannel() async throws(AMQPError) -> UInt16 {
        try await waitWhileBlocked(.openChannel, channel: nil, patience: rpcTimeout)
        let limit = channelMax
        let opened: UInt16? = try run(.openChannel, channel: nil) { model in
            guard let number = (1...limit).first(where: { model.connections[id]?.channels[$0] == nil }) else { return nil }
            model.openChannel(number, on: id)
            return number
        }
        guard let opened else {
            throw AMQPError(code: .invalidArgument, operation: .openChannel, detail: "all \(limit) channels are open")
        }
        return opened
    }

    /// Opens channel `channel` (also one the broker closed).
    package func openChannel(_ channel: UInt16) async throws(AMQPError) {
        guard channel != 0 else {
            throw AMQPError(code: .invalidArgument, operation: .openChannel, channel: 0, detail: "channel 0 is the connection's")
        }
        try await waitWhileBlocked(.openChannel, channel: nil, patience: rpcTimeout)
        let isOpen = try run(.openChannel, channel: nil) { model in model.connections[id]?.channels[channel] != nil }
        guard !isOpen else {
            throw AMQPError(code: .invalidArgument, operation: .openChannel, channel: channel, detail: "the channel is already open")
        }
        try run(.openChannel, channel: nil) { model in model.openChannel(channel, on: id) }
    }

    /// Closes channel `channel`: its consumers end normally, its unacknowledged deliveries
    /// go back to their queues.
    package func closeChannel(_ channel: UInt16) async throws(AMQPError) {
        try await waitWhileBlocked(.closeChannel, channel: channel, patience: rpcTimeout)
        try run(.closeChannel, channel: channel) { model in model.endChannel(channel, on: id, failure: nil) }
    }

    // MARK: Declarations

    /// `exchange.declare`, `queue.declare` (returning its `declare-ok`), `queue.bind` or
    /// `basic.qos`; other methods throw `unsupportedMethod`.
    @discardableResult
    package func declare(_ method: AMQPMethod, on channel: UInt16) async throws(AMQPError) -> QueueDeclareOK? {
        let operation = AMQPError.Operation(method.name)
        try await waitWhileBlocked(operation, channel: channel, patience: rpcTimeout)
        let id = id
        switch method {
        case .exchangeDeclare(let m):
            try declaring(operation, channel: channel, noWait: m.noWait) { model throws(BrokerRefusal) in try model.declareExchange(m) }
            return nil
        case .queueDeclare(let m):
            var ok: QueueDeclareOK?
            try declaring(operation, channel: channel, noWait: m.noWait) { model throws(BrokerRefusal) in
                ok = try model.declareQueue(m, by: id)
            }
            return m.noWait ? nil : ok
        case .queueBind(let m):
            try declaring(operation, channel: channel, noWait: m.noWait) { model throws(BrokerRefusal) in try model.bind(m, by: id) }
            return nil
        case .basicQos(let m):
            try run(operation, channel: channel) { model in model.qos(m, channel: channel, on: id) }
            return nil
        default:
            throw AMQPError(
                code: .unsupportedMethod, operation: operation, channel: channel,
                detail: "declare sends exchange.declare, queue.declare, queue.bind and basic.qos")
        }
    }

    /// A declaration: with `no-wait` a refusal only closes the channel (the next call says so).
    private func declaring(
        _ operation: AMQPError.Operation, channel: UInt16, noWait: Bool, _ body: (inout BrokerModel) throws(BrokerRefusal) -> Void
    ) throws(AMQPError) {
        if noWait {
            try runUnanswered(operation, channel: channel, body)
        } else {
            try run(operation, channel: channel, body)
        }
    }

    /// Deletes a queue and returns how many messages were ready in it.
    @discardableResult
    package func deleteQueue(_ queue: String, ifUnused: Bool = false, ifEmpty: Bool = false, on channel: UInt16) async throws(AMQPError)
        -> UInt32
    {
        try await waitWhileBlocked(.queueDelete, channel: channel, patience: rpcTimeout)
        return try run(.queueDelete, channel: channel) { model throws(BrokerRefusal) in
            try model.deleteQueue(queue, ifUnused: ifUnused, ifEmpty: ifEmpty, by: id)
        }
    }

    /// Drops the ready messages of a queue and returns how many.
    @discardableResult
    package func purgeQueue(_ queue: String, on channel: UInt16) async throws(AMQPError) -> UInt32 {
        try await waitWhileBlocked(.queuePurge, channel: channel, patience: rpcTimeout)
        return try run(.queuePurge, channel: channel) { model throws(BrokerRefusal) in try model.purge(queue, by: id) }
    }

    /// Deletes an exchange.
    package func deleteExchange(_ exchange: String, ifUnused: Bool = false, on channel: UInt16) async throws(AMQPError) {
        try await waitWhileBlocked(.exchangeDelete, channel: channel, patience: rpcTimeout)
        try run(.exchangeDelete, channel: channel) { model throws(BrokerRefusal) in try model.deleteExchange(exchange, ifUnused: ifUnused) }
    }

    // MARK: Publishing

    /// Publishes; a publish the broker refuses (a missing exchange) closes the channel,
    /// which the next call on it reports.
    package func publish(
        _ method: BasicPublish, properties: BasicProperties = BasicProperties(), body: [UInt8], on channel: UInt16,
        blockedTimeout: Duration = .seconds(30)
    ) async throws(AMQPError) {
        try await waitWhileBlocked(.publish, channel: channel, patience: blockedTimeout)
        try runUnanswered(.publish, channel: channel) { model throws(BrokerRefusal) in
            _ = try model.publish(method, properties: properties, body: body, channel: channel, on: id)
        }
    }

    /// Publishes as ``publish(_:properties:body:on:blockedTimeout:)`` does: the model takes
    /// the message during the call, so none is left unwritten for `failed` to hear about.
    package func queuePublish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16, blockedTimeout: Duration,
        failed: @escaping @Sendable (OutgoingMessage, AMQPError) -> Void
    ) async throws(AMQPError) {
        try await publish(method, properties: properties, body: body, on: channel, blockedTimeout: blockedTimeout)
    }

    /// Hands every returned message on `channel` to `handler` (`nil` drops them).
    package func onReturn(channel: UInt16, _ handler: (@Sendable (ReturnedMessage) -> Void)?) async throws(AMQPError) {
        try run(.publish, channel: channel) { model in model.connections[id]?.channels[channel]?.returnHandler = handler }
    }

    /// Puts the channel in confirm mode.
    package func confirmSelect(on channel: UInt16) async throws(AMQPError) {
        try await waitWhileBlocked(.confirmSelect, channel: channel, patience: rpcTimeout)
        try run(.confirmSelect, channel: channel) { model in model.connections[id]?.channels[channel]?.confirmMode = true }
    }

    /// Publishes in confirm mode and returns once the broker acks it (at once); throws
    /// `publishNacked` when a full `reject-publish` queue refused it or after
    /// ``nackNextPublishes(_:)``, `publishReturned` for an
    /// unroutable message with `failWhenUnroutable`, or the error that closed the channel.
    package func publishConfirmed(
        _ method: BasicPublish, properties: BasicProperties = BasicProperties(), body: [UInt8], on channel: UInt16,
        timeout: Duration = .seconds(30), blockedTimeout: Duration = .seconds(30), failWhenUnroutable: Bool = false
    ) async throws(AMQPError) {
        try await waitWhileBlocked(.publish, channel: channel, patience: blockedTimeout)
        var mandatory = method
        if failWhenUnroutable { mandatory.mandatory = true }
        let publish = mandatory
        let id = id
        let verdict: AMQPError? = try run(.publish, channel: channel) { model in
            guard var entity = model.connections[id]?.channels[channel], entity.confirmMode else {
                return AMQPError(
                    code: .notInConfirmMode, operation: .publish, channel: channel,
                    detail: "call confirmSelect(on:) before publishConfirmed")
            }
            let tag = entity.nextPublishTag
            entity.nextPublishTag += 1
            model.connections[id]?.channels[channel] = entity
            let nackedByFault = (model.connections[id]?.publishesToNack ?? 0) > 0
            let outcome: BrokerModel.PublishOutcome
            do throws(BrokerRefusal) {
                outcome = try model.publish(
                    publish, properties: properties, body: body, channel: channel, on: id, refusedByEveryQueue: nackedByFault)
            } catch {
                return model.refused(error, operation: .receive, channel: channel, on: id).reported(as: .waitForConfirm, channel: channel)
            }
            if nackedByFault { model.connections[id]?.publishesToNack -= 1 }
            if nackedByFault || outcome.refused {
                return AMQPError(
                    code: .publishNacked, operation: .waitForConfirm, channel: channel, detail: "the broker nacked delivery tag \(tag)")
            }
            guard failWhenUnroutable, !outcome.routed else { return nil }
            let returned = BasicReturn(replyCode: 312, replyText: "NO_ROUTE", exchange: publish.exchange, routingKey: publish.routingKey)
            return AMQPError.publishReturned(returned, channel: channel, deliveryTag: tag)
        }
        if let verdict { throw verdict }
    }

    // MARK: Consuming

    /// Starts a consumer; stopping the iteration cancels it.
    package func consume(_ method: BasicConsume, on channel: UInt16) async throws(AMQPError) -> AMQPDeliveries {
        try await waitWhileBlocked(.consume, channel: channel, patience: rpcTimeout)
        let consumerTag = Mutex<String?>(nil)
        let broker = broker
        let id = id
        let (deliveries, feed) = AMQPDeliveries.makeFed {
            guard let tag = consumerTag.withLock({ $0 }) else { return }
            broker.update { model in model.cancel(tag, channel: channel, on: id) }
        }
        let inUse = try run(.consume, channel: channel) { model in
            !method.consumerTag.isEmpty && model.connections[id]?.channels[channel]?.consumers[method.consumerTag] != nil
        }
        if inUse {
            throw AMQPError(
                code: .invalidArgument, operation: .consume, channel: channel,
                detail: "consumer tag \(method.consumerTag) is already in use on this channel")
        }
        let tag = try run(.consume, channel: channel) { model throws(BrokerRefusal) in
            try model.consume(method, feed: feed, channel: channel, on: id)
        }
        consumerTag.withLock { $0 = tag }
        return deliveries
    }

    /// Cancels a consumer; its deliveries end normally.
    package func cancel(consumerTag: String, on channel: UInt16) async throws(AMQPError) {
        try await waitWhileBlocked(.cancel, channel: channel, patience: rpcTimeout)
        try run(.cancel, channel: channel) { model in model.cancel(consumerTag, channel: channel, on: id) }
    }

    /// Takes one message (`basic.get`), `nil` when none is ready.
    package func get(queue: String, autoAck: Bool = false, on channel: UInt16) async throws(AMQPError) -> FetchedMessage? {
        try await waitWhileBlocked(.get, channel: channel, patience: rpcTimeout)
        return try run(.get, channel: channel) { model throws(BrokerRefusal) in
            try model.get(queue, autoAck: autoAck, channel: channel, on: id)
        }
    }

    // MARK: Settling

    /// Acknowledges a delivery (with `multiple`, every earlier one on its channel too).
    package func ack(_ delivery: IncomingDelivery, multiple: Bool = false) async throws(AMQPError) {
        try settle(delivery, multiple: multiple, as: .ack, operation: .ack)
    }

    /// Acknowledges without waiting; `failed` hears why it could not be sent.
    package func queueAck(_ delivery: IncomingDelivery, failed: @escaping @Sendable (AMQPError) -> Void) {
        do throws(AMQPError) {
            try settle(delivery, multiple: false, as: .ack, operation: .ack)
        } catch {
            failed(error)
        }
    }

    /// Negatively acknowledges a delivery: requeued, or dead-lettered (or dropped).
    package func nack(_ delivery: IncomingDelivery, multiple: Bool = false, requeue: Bool) async throws(AMQPError) {
        try settle(delivery, multiple: multiple, as: .nack(requeue: requeue), operation: .nack)
    }

    /// Rejects a delivery: requeued, or dead-lettered (or dropped).
    package func reject(_ delivery: IncomingDelivery, requeue: Bool) async throws(AMQPError) {
        try settle(delivery, multiple: false, as: .reject(requeue: requeue), operation: .reject)
    }

    private func settle(
        _ delivery: IncomingDelivery, multiple: Bool, as settlement: BrokerModel.Settlement, operation: AMQPError.Operation
    ) throws(AMQPError) {
        let channel = delivery.channel
        try runUnanswered(operation, channel: channel) { model throws(BrokerRefusal) in
            try model.settle(delivery.deliveryTag, multiple: multiple, as: settlement, channel: channel, on: id)
        }
    }

    // MARK: Closing

    /// Closes every channel and the connection: consumers end normally, unacknowledged
    /// deliveries go back to their queues, exclusive queues go. Idempotent.
    package func close() async {
        broker.update { model in model.endConnection(id, failure: nil) }
    }
}
