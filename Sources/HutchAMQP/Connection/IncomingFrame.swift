import HutchConventions

/// A frame the broker sent outside a synchronous reply, copied out of librabbitmq.
enum IncomingFrame: Sendable {
    /// A method frame.
    case method(channel: UInt16, IncomingMethod)
    /// A content header: the properties and the body size that follows.
    case header(channel: UInt16, properties: BasicProperties, bodySize: UInt64)
    /// A piece of a body.
    case body(channel: UInt16, bytes: [UInt8])
}

/// The asynchronous methods the connection acts on.
enum IncomingMethod: Sendable {
    /// `basic.deliver`; a header and body frames follow.
    case deliver(BasicDeliver)
    /// `basic.return` of an unroutable mandatory message; a header and body frames follow.
    case returned(BasicReturn)
    /// `basic.ack` of a confirmed publish.
    case ack(BasicAck)
    /// `basic.nack` of a confirmed publish.
    case nack(BasicNack)
    /// The broker closes the channel.
    case channelClose(Close)
    /// The broker closes the connection.
    case connectionClose(Close)
    /// The broker cancels a consumer (`basic.cancel`, e.g. its queue was deleted).
    case consumerCancelled(consumerTag: String)
    /// The broker stopped reading from the connection because of a resource alarm
    /// (`connection.blocked`; `reason` is `"low on memory"`, `"low on disk"`, …).
    case connectionBlocked(reason: String)
    /// The broker reads from the connection again (`connection.unblocked`).
    case connectionUnblocked
    /// Anything else, ignored.
    case other(classID: UInt16, methodID: UInt16)
}
