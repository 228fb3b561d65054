extension AMQPError {
    /// The connection operation an ``AMQPError`` happened in (`"queue.declare"`, `"connect"`).
    ///
    /// A struct around a name so that operations can be added freely; the names of AMQP
    /// methods are the specification's.
    public struct Operation: Sendable, Hashable, CustomStringConvertible {
        /// The operation's name.
        public let name: String

        /// An operation with this name.
        public init(_ name: String) { self.name = name }

        /// Parsing a connection URL.
        public static let parseURL = Operation("parse URL")
        /// Opening the TCP or TLS socket.
        public static let connect = Operation("connect")
        /// The AMQP handshake: `connection.start` to `connection.open-ok`.
        public static let login = Operation("login")
        /// Closing the connection.
        public static let close = Operation("connection.close")
        /// `channel.open`.
        public static let openChannel = Operation("channel.open")
        /// `channel.close`.
        public static let closeChannel = Operation("channel.close")
        /// `exchange.declare`.
        public static let exchangeDeclare = Operation("exchange.declare")
        /// `exchange.delete`.
        public static let exchangeDelete = Operation("exchange.delete")
        /// `queue.declare`.
        public static let queueDeclare = Operation("queue.declare")
        /// `queue.bind`.
        public static let queueBind = Operation("queue.bind")
        /// `queue.purge`.
        public static let queuePurge = Operation("queue.purge")
        /// `queue.delete`.
        public static let queueDelete = Operation("queue.delete")
        /// `basic.qos`.
        public static let basicQos = Operation("basic.qos")
        /// `basic.publish`.
        public static let publish = Operation("basic.publish")
        /// `confirm.select`.
        public static let confirmSelect = Operation("confirm.select")
        /// Waiting for the broker's `basic.ack` / `basic.nack` of a confirmed publish.
        public static let waitForConfirm = Operation("wait for confirm")
        /// `basic.consume`.
        public static let consume = Operation("basic.consume")
        /// `basic.cancel`.
        public static let cancel = Operation("basic.cancel")
        /// `basic.ack`.
        public static let ack = Operation("basic.ack")
        /// `basic.nack`.
        public static let nack = Operation("basic.nack")
        /// `basic.reject`.
        public static let reject = Operation("basic.reject")
        /// `basic.get`.
        public static let get = Operation("basic.get")
        /// Reading frames from the broker (deliveries, confirms, closes).
        public static let receive = Operation("receive")

        /// The name.
        public var description: String { name }
    }
}
