/// The AMQP 0-9-1 methods Hutch's conventions are made of, with their fields.
///
/// `ticket` fields (always 0 in 0-9-1) are not modelled; codecs write 0.
public enum AMQPMethod: Sendable, Equatable {
    case exchangeDeclare(ExchangeDeclare)
    case queueDeclare(QueueDeclare)
    case queueBind(QueueBind)
    case basicQos(BasicQos)
    case basicConsume(BasicConsume)
    case basicPublish(BasicPublish)
    case basicDeliver(BasicDeliver)
    case basicAck(BasicAck)
    case basicNack(BasicNack)
    case basicReject(BasicReject)
    case channelClose(Close)
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
    public var exchange: String
    public var type: String
    public var passive: Bool
    public var durable: Bool
    public var autoDelete: Bool
    public var `internal`: Bool
    public var noWait: Bool
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
    public var queue: String
    public var passive: Bool
    public var durable: Bool
    public var exclusive: Bool
    public var autoDelete: Bool
    public var noWait: Bool
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
    public var queue: String
    public var exchange: String
    public var routingKey: String
    public var noWait: Bool
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
    public var prefetchSize: UInt32
    public var prefetchCount: UInt16
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
    public var queue: String
    public var consumerTag: String
    public var noLocal: Bool
    public var noAck: Bool
    public var exclusive: Bool
    public var noWait: Bool
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
    public var exchange: String
    public var routingKey: String
    public var mandatory: Bool
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
    public var consumerTag: String
    public var deliveryTag: UInt64
    public var redelivered: Bool
    public var exchange: String
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
    public var deliveryTag: UInt64
    public var multiple: Bool

    /// Creates the method.
    public init(deliveryTag: UInt64, multiple: Bool = false) {
        self.deliveryTag = deliveryTag
        self.multiple = multiple
    }
}

/// `basic.nack`.
public struct BasicNack: Sendable, Equatable {
    public var deliveryTag: UInt64
    public var multiple: Bool
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
    public var deliveryTag: UInt64
    public var requeue: Bool

    /// Creates the method.
    public init(deliveryTag: UInt64, requeue: Bool) {
        self.deliveryTag = deliveryTag
        self.requeue = requeue
    }
}

/// `channel.close` or `connection.close`: why the peer closed.
public struct Close: Sendable, Equatable {
    public var replyCode: UInt16
    public var replyText: String
    public var classID: UInt16
    public var methodID: UInt16

    /// Creates the method.
    public init(replyCode: UInt16, replyText: String, classID: UInt16 = 0, methodID: UInt16 = 0) {
        self.replyCode = replyCode
        self.replyText = replyText
        self.classID = classID
        self.methodID = methodID
    }
}
