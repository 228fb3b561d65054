import HutchAMQP
import HutchConventions

/// Something the broker's state change causes outside its lock: handing deliveries to
/// consumers, ending their feeds, calling return handlers and observers, resuming held calls.
enum BrokerEffect {
    case deliver(DeliveryFeed, IncomingDelivery)
    /// The consumer ended normally (cancelled, or its channel closed by the client):
    /// buffered deliveries are still read.
    case endConsumer(DeliveryFeed)
    /// The consumer's channel died: buffered deliveries are dropped.
    case channelDied(DeliveryFeed, AMQPError)
    case returned(@Sendable (ReturnedMessage) -> Void, ReturnedMessage)
    case unblocked([@Sendable (BlockedEpisode) -> Void], BlockedEpisode)
    case resume(@Sendable (AMQPError?) -> Void, AMQPError?)

    /// Performs the effect; never under the broker's lock (a feed's termination handler
    /// may call back into the broker).
    func perform() {
        switch self {
        case .deliver(let feed, let delivery): feed.yield(delivery)
        case .endConsumer(let feed): feed.finish()
        case .channelDied(let feed, let error): feed.channelDied(error)
        case .returned(let handler, let message): handler(message)
        case .unblocked(let observers, let episode): for observer in observers { observer(episode) }
        case .resume(let resume, let error): resume(error)
        }
    }
}

/// Why the broker refused a method: the `channel.close` (or, when `connectionLevel`, the
/// `connection.close`) RabbitMQ would send, with its reply code and text.
struct BrokerRefusal: Error {
    var close: Close
    var connectionLevel = false

    init(_ replyCode: UInt16, _ replyText: String, method: (classID: UInt16, methodID: UInt16), connectionLevel: Bool = false) {
        close = Close(replyCode: replyCode, replyText: replyText, classID: method.classID, methodID: method.methodID)
        self.connectionLevel = connectionLevel
    }

    static func notFound(_ kind: String, _ name: String, vhost: String, method: (classID: UInt16, methodID: UInt16)) -> BrokerRefusal {
        BrokerRefusal(404, "NOT_FOUND - no \(kind) '\(name)' in vhost '\(vhost)'", method: method)
    }
}

/// The class and method ids RabbitMQ names in a close.
enum MethodID {
    static let exchangeDeclare: (classID: UInt16, methodID: UInt16) = (40, 10)
    static let exchangeDelete: (classID: UInt16, methodID: UInt16) = (40, 20)
    static let queueDeclare: (classID: UInt16, methodID: UInt16) = (50, 10)
    static let queueBind: (classID: UInt16, methodID: UInt16) = (50, 20)
    static let queuePurge: (classID: UInt16, methodID: UInt16) = (50, 30)
    static let queueDelete: (classID: UInt16, methodID: UInt16) = (50, 40)
    static let basicConsume: (classID: UInt16, methodID: UInt16) = (60, 20)
    static let basicPublish: (classID: UInt16, methodID: UInt16) = (60, 40)
    static let basicGet: (classID: UInt16, methodID: UInt16) = (60, 70)
    static let basicAck: (classID: UInt16, methodID: UInt16) = (60, 80)
    static let basicReject: (classID: UInt16, methodID: UInt16) = (60, 90)
    static let basicNack: (classID: UInt16, methodID: UInt16) = (60, 120)
}
