import HutchAMQP
import HutchConventions

/// Everything the ``InMemoryBroker`` holds, as a value changed under its lock: exchanges,
/// queues, connections and their channels, and the test clock. Methods that change it
/// append the ``BrokerEffect``s to perform once the lock is released to `effects`.
struct BrokerModel {
    let virtualHost: String
    /// The test clock: milliseconds since the Unix epoch.
    var now: Int64
    var exchanges: [String: ExchangeEntity] = [:]
    var queues: [String: QueueEntity] = [:]
    var policies: [PolicyEntity] = []
    var connections: [ConnectionID: ConnectionEntity] = [:]
    var nextConnection: ConnectionID = 1
    var nextSequence: UInt64 = 1
    var nextGeneratedName = 1
    var effects: [BrokerEffect] = []
    /// What clients published and settled and the broker dead-lettered (``InMemoryBroker/journal``).
    var journal: [InMemoryEvent] = []

    init(virtualHost: String, now: Int64) {
        self.virtualHost = virtualHost
        self.now = now
        exchanges[""] = ExchangeEntity(name: "", type: .direct, durable: true, autoDelete: false, internal: false, arguments: FieldTable())
        for (name, type) in [
            ("amq.direct", ExchangeKind.direct), ("amq.topic", .topic), ("amq.fanout", .fanout),
            ("amq.headers", .headers), ("amq.match", .headers)
        ] {
            exchanges[name] = ExchangeEntity(
                name: name, type: type, durable: true, autoDelete: false, internal: false, arguments: FieldTable())
        }
    }

    /// Takes the effects collected so far.
    mutating func takeEffects() -> [BrokerEffect] {
        defer { effects = [] }
        return effects
    }

    /// A name the broker makes up (`amq.gen-…`, `amq.ctag-…`): unique, and the same in
    /// every run of a test.
    mutating func generatedName(_ prefix: String) -> String {
        defer { nextGeneratedName += 1 }
        return "\(prefix)-\(String(nextGeneratedName, radix: 16))"
    }

    /// `queue 'q' in vhost '/'`, as RabbitMQ names a resource in its reply texts.
    func resource(_ kind: String, _ name: String) -> String {
        "\(kind) '\(name)' in vhost '\(virtualHost)'"
    }

    // MARK: Connections and channels

    mutating func openConnection() -> ConnectionID {
        defer { nextConnection += 1 }
        connections[nextConnection] = ConnectionEntity()
        return nextConnection
    }

    /// Opens channel `number` (again, after the broker closed it).
    mutating func openChannel(_ number: UInt16, on connection: ConnectionID) {
        connections[connection]?.endedChannels[number] = nil
        connections[connection]?.channels[number] = ChannelEntity()
    }

    /// Ends a channel: its consumers leave their queues (their feeds end normally when
    /// `failure` is `nil`, else as "channel died") and its unsettled deliveries go back to
    /// their queues, marked redelivered. A broker close (`failure` given) is remembered.
    mutating func endChannel(_ number: UInt16, on connection: ConnectionID, failure: AMQPError?) {
        guard let channel = connections[connection]?.channels.removeValue(forKey: number) else { return }
        if let failure { connections[connection]?.endedChannels[number] = failure }
        var touched: Set<String> = []
        for tag in channel.consumers.keys.sorted() {
            guard let consumer = channel.consumers[tag] else { continue }
            if let failure {
                effects.append(.channelDied(consumer.feed, failure.reported(as: .receive, channel: number)))
            } else {
                effects.append(.endConsumer(consumer.feed))
            }
            removeConsumer(ConsumerRef(connection: connection, channel: number, tag: tag), from: consumer.queue)
            touched.insert(consumer.queue)
        }
        for delivery in channel.unsettled {
            requeue(delivery.message, into: delivery.queue)
            touched.insert(delivery.queue)
        }
        for queue in touched.sorted() { dispatch(queue) }
    }

    /// Ends a connection: every channel ends (with `failure`, or normally), its held calls
    /// fail, and the queues it declared exclusive are deleted.
    mutating func endConnection(_ connection: ConnectionID, failure: AMQPError?) {
        guard let entity = connections[connection], entity.isOpen else { return }
        for number in entity.channels.keys.sorted() { endChannel(number, on: connection, failure: failure) }
        let failed = failure ?? AMQPError(code: .connectionClosed, operation: .close, scope: .connection)
        for call in entity.held { effects.append(.resume(call.resume, failed.reported(as: call.operation, channel: call.channel))) }
        connections[connection]?.held = []
        connections[connection]?.closed = .some(failure)
        for name in queues.keys.sorted() where queues[name]?.exclusiveOwner == connection { _ = removeQueue(name) }
    }

    /// What a dropped connection fails with: the socket is gone (``InMemoryConnection/drop()``).
    static let droppedConnection = AMQPError(
        code: .connectionLost, operation: .receive, detail: "the in-memory broker dropped the connection", scope: .connection)

    /// The error a call on `channel` (when given) of `connection` throws instead of
    /// running, as ``AMQPConnection`` reports it: the connection's failure, a closed
    /// connection, a channel the broker closed or one that is not open.
    func refusal(_ operation: AMQPError.Operation, channel: UInt16?, on connection: ConnectionID) -> AMQPError? {
        guard let entity = connections[connection] else {
            return AMQPError(code: .connectionClosed, operation: operation, channel: channel, scope: .connection)
        }
        switch entity.closed {
        case .some(.some(let failure)): return failure.reported(as: operation, channel: channel)
        case .some(.none): return AMQPError(code: .connectionClosed, operation: operation, channel: channel, scope: .connection)
        case .none: break
        }
        guard let channel, entity.channels[channel] == nil else { return nil }
        if let dead = entity.endedChannels[channel] {
            return AMQPError.channelClosedEarlier(dead, operation: operation, channel: channel)
        }
        return AMQPError(code: .channelClosed, operation: operation, channel: channel, detail: "the channel is not open")
    }

    /// Applies a refusal of `operation` on `channel`: the channel (or the connection)
    /// ends with it. Returns the error the call reports.
    mutating func refused(
        _ refusal: BrokerRefusal, operation: AMQPError.Operation, channel: UInt16, on connection: ConnectionID
    ) -> AMQPError {
        let error = AMQPError.brokerClose(
            refusal.close, connectionLevel: refusal.connectionLevel, operation: operation, channel: channel)
        if refusal.connectionLevel {
            endConnection(connection, failure: error)
        } else {
            endChannel(channel, on: connection, failure: error)
        }
        return error
    }
}
