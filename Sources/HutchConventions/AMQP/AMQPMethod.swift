/// The AMQP 0-9-1 methods Hutch's conventions are made of, with their fields.
///
/// `ticket` fields (always 0 in 0-9-1) are not modelled; codecs write 0.
public enum AMQPMethod: Sendable, Equatable {
    /// `exchange.declare`.
    case exchangeDeclare(ExchangeDeclare)
    /// `queue.declare`.
    case queueDeclare(QueueDeclare)
    /// `queue.bind`.
    case queueBind(QueueBind)
    /// `basic.qos`.
    case basicQos(BasicQos)
    /// `basic.consume`.
    case basicConsume(BasicConsume)
    /// `basic.publish`.
    case basicPublish(BasicPublish)
    /// `basic.deliver`.
    case basicDeliver(BasicDeliver)
    /// `basic.ack`.
    case basicAck(BasicAck)
    /// `basic.nack`.
    case basicNack(BasicNack)
    /// `basic.reject`.
    case basicReject(BasicReject)
    /// `channel.close`.
    case channelClose(Close)
    /// `connection.close`.
    case connectionClose(Close)

    /// The method's name as the AMQP specification writes it (`"queue.declare"`).
    public var name: String {
        switch self {
        case .exchangeDeclare: "exchange.declare"
        case .queueDeclare: "queue.declare"
        case .queueBind: "queue.bind"
        case .basicQos: "basic.qos"
        case .basicConsume: "basic.consume"
        case .basicPublish: "basic.publish"
        case .basicDeliver: "basic.deliver"
        case .basicAck: "basic.ack"
        case .basicNack: "basic.nack"
        case .basicReject: "basic.reject"
        case .channelClose: "channel.close"
        case .connectionClose: "connection.close"
        }
    }

    /// The method's class and method ids.
    public var id: (classID: UInt16, methodID: UInt16) {
        switch self {
        case .exchangeDeclare: (40, 10)
        case .queueDeclare: (50, 10)
        case .queueBind: (50, 20)
        case .basicQos: (60, 10)
        case .basicConsume: (60, 20)
        case .basicPublish: (60, 40)
        case .basicDeliver: (60, 60)
        case .basicAck: (60, 80)
        case .basicReject: (60, 90)
        case .basicNack: (60, 120)
        case .channelClose: (20, 40)
        case .connectionClose: (10, 50)
        }
    }
}

/// `exchange.declare`.
public struct ExchangeDeclare: Sendable, Equatable {
    /// The exchange name.
    public var exchange: String
    /// The exchange type (`topic`, `direct`, `fanout`, `headers`).
    public var type: String
    /// Only check that the entity exists; declare nothing.
    public var passive: Bool
    /// Survives a broker restart.
    public var durable: Bool
    /// Deleted when its last binding or consumer goes away.
    public var autoDelete: Bool
    /// Cannot be published to directly.
    public var `internal`: Bool
    /// Ask the broker not to reply.
    public var noWait: Bool
    /// Extra arguments (`x-queue-type`, `x-message-ttl`, …), in wire order.
    public var arguments: FieldTable

    /// Creates the method; defaults are Hutch's (a durable topic exchange).
    public init(
        exchange: String, type: String = "topic", passive: Bool = false, durable: Bool = true,
        autoDelete: Bool = false, internal: Bool = false, noWait: Bool = false,
        arguments: FieldTable = FieldTable()
    ) {
        self.exchange = exchange
        self.type = type
        self.passive = passive
        self.durable = durable
        self.autoDelete = autoDelete
        self.internal = `internal`
        self.noWait = noWait
        self.arguments = arguments
    }
}

/// `queue.declare`.
public struct QueueDeclare: Sendable, Equatable {
    /// The queue name.
    public var queue: String
    /// Only check that the entity exists; declare nothing.
    public var passive: Bool
    /// Survives a broker restart.
    public var durable: Bool
    /// Used by one connection only, deleted when it closes.
    public var exclusive: Bool
    /// Deleted when its last binding or consumer goes away.
    public var autoDelete: Bool
    /// Ask the broker not to reply.
    public var noWait: Bool
    /// Extra arguments (`x-queue-type`, `x-message-ttl`, …), in wire order.
    public var arguments: FieldTable

    /// Creates the method; defaults are Hutch's (a durable queue).
    public init(
        queue: String, passive: Bool = false, durable: Bool = true, exclusive: Bool = false,
        autoDelete: Bool = false, noWait: Bool = false, arguments: FieldTable = FieldTable()
    ) {
        self.queue = queue
        self.passive = passive
        self.durable = durable
        self.exclusive = exclusive
        self.autoDelete = autoDelete
        self.noWait = noWait
        self.arguments = arguments
    }
}

/// `queue.bind`.
public struct QueueBind: Sendable, Equatable {
    /// The queue name.
    public var queue: String
    /// The exchange name.
    public var exchange: String
    /// The routing key.
    public var routingKey: String
    /// Ask the broker not to reply.
    public var noWait: Bool
    /// Extra arguments (`x-queue-type`, `x-message-ttl`, …), in wire order.
    public var arguments: FieldTable

    /// Creates the method.
    public init(
        queue: String, exchange: String, routingKey: String, noWait: Bool = false,
        arguments: FieldTable = FieldTable()
    ) {
        self.queue = queue
        self.exchange = exchange
        self.routingKey = routingKey
        self.noWait = noWait
        self.arguments = arguments
    }
}

/// `basic.qos`.
public struct BasicQos: Sendable, Equatable {
    /// Prefetch window in bytes (0: no limit; RabbitMQ ignores it).
    public var prefetchSize: UInt32
    /// Unacknowledged deliveries allowed at once (0: no limit).
    public var prefetchCount: UInt16
    /// Whether the limit applies to the whole channel (RabbitMQ) rather than each new consumer.
    public var global: Bool

    /// Creates the method.
    public init(prefetchSize: UInt32 = 0, prefetchCount: UInt16, global: Bool = false) {
        self.prefetchSize = prefetchSize
        self.prefetchCount = prefetchCount
        self.global = global
    }
}

/// `basic.consume`.
public struct BasicConsume: Sendable, Equatable {
    /// The queue name.
    public var queue: String
    /// The consumer tag.
    public var consumerTag: String
    /// Do not deliver messages this connection published (RabbitMQ ignores it).
    public var noLocal: Bool
    /// Deliveries count as acknowledged when sent (Hutch: false, it acknowledges each message).
    public var noAck: Bool
    /// Used by one connection only, deleted when it closes.
    public var exclusive: Bool
    /// Ask the broker not to reply.
    public var noWait: Bool
    /// Extra arguments (`x-queue-type`, `x-message-ttl`, …), in wire order.
    public var arguments: FieldTable

    /// Creates the method; defaults are Hutch's (manual acknowledgement).
    public init(
        queue: String, consumerTag: String, noLocal: Bool = false, noAck: Bool = false,
        exclusive: Bool = false, noWait: Bool = false, arguments: FieldTable = FieldTable()
    ) {
        self.queue = queue
        self.consumerTag = consumerTag
        self.noLocal = noLocal
        self.noAck = noAck
        self.exclusive = exclusive
        self.noWait = noWait
        self.arguments = arguments
    }
}

/// `basic.publish`.
public struct BasicPublish: Sendable, Equatable {
    /// The exchange name.
    public var exchange: String
    /// The routing key.
    public var routingKey: String
    /// Return the message when no queue is bound for it.
    public var mandatory: Bool
    /// Return the message when no consumer is ready (RabbitMQ refuses it).
    public var immediate: Bool

    /// Creates the method.
    public init(exchange: String, routingKey: String, mandatory: Bool = false, immediate: Bool = false) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.mandatory = mandatory
        self.immediate = immediate
    }
}

/// `basic.deliver`.
public struct BasicDeliver: Sendable, Equatable {
    /// The consumer tag.
    public var consumerTag: String
    /// The delivery tag, unique per channel.
    public var deliveryTag: UInt64
    /// The message was delivered before and not acknowledged.
    public var redelivered: Bool
    /// The exchange name.
    public var exchange: String
    /// The routing key.
    public var routingKey: String

    /// Creates the method.
    public init(consumerTag: String, deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String) {
        self.consumerTag = consumerTag
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.exchange = exchange
        self.routingKey = routingKey
    }
}

/// `basic.ack`.
public struct BasicAck: Sendable, Equatable {
    /// The delivery tag, unique per channel.
    public var deliveryTag: UInt64
    /// Applies to every outstanding delivery up to and including the tag.
    public var multiple: Bool

    /// Creates the method.
    public init(deliveryTag: UInt64, multiple: Bool = false) {
        self.deliveryTag = deliveryTag
        self.multiple = multiple
    }
}

/// `basic.nack`.
public struct BasicNack: Sendable, Equatable {
    /// The delivery tag, unique per channel.
    public var deliveryTag: UInt64
    /// Applies to every outstanding delivery up to and including the tag.
    public var multiple: Bool
    /// Put the message back in its queue instead of dropping or dead-lettering it.
    public var requeue: Bool

    /// Creates the method.
    public init(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool) {
        self.deliveryTag = deliveryTag
        self.multiple = multiple
        self.requeue = requeue
    }
}

/// `basic.reject`.
public struct BasicReject: Sendable, Equatable {
    /// The delivery tag, unique per channel.
    public var deliveryTag: UInt64
    /// Put the message back in its queue instead of dropping or dead-lettering it.
    public var requeue: Bool

    /// Creates the method.
    public init(deliveryTag: UInt64, requeue: Bool) {
        self.deliveryTag = deliveryTag
        self.requeue = requeue
    }
}

/// `channel.close` or `connection.close`: why the peer closed.
public struct Close: Sendable, Equatable {
    /// The AMQP reply code (406 PRECONDITION_FAILED, 404 NOT_FOUND, …).
    public var replyCode: UInt16
    /// The reply text.
    public var replyText: String
    /// The class id of the method that caused the close, or 0.
    public var classID: UInt16
    /// The method id of the method that caused the close, or 0.
    public var methodID: UInt16

    /// Creates the method.
    public init(replyCode: UInt16, replyText: String, classID: UInt16 = 0, methodID: UInt16 = 0) {
        self.replyCode = replyCode
        self.replyText = replyText
        self.classID = classID
        self.methodID = methodID
    }
}
