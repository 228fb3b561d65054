import HutchConventions

/// Where and how an `AMQPConnection` connects.
///
/// Defaults are RabbitMQ's and librabbitmq's: `localhost:5672`, vhost `/`, `guest`/`guest`,
/// 60-second heartbeats (what RabbitMQ proposes), frame max 131072, channel max 2047.
///
/// ```swift
/// var options = ConnectionOptions(host: "127.0.0.1", port: 5672)
/// options.connectionName = "orders-worker"
/// let connection = try await AMQPConnection.connect(options)
/// ```
public struct ConnectionOptions: Sendable, Equatable {
    /// The broker's host name or address.
    package var host: String
    /// The broker's port (5672 for `amqp`, 5671 for `amqps`).
    package var port: Int
    /// The virtual host.
    package var virtualHost: String
    /// The username for SASL PLAIN.
    package var username: String
    /// The password for SASL PLAIN.
    package var password: String
    /// TLS settings; `nil` for a plain TCP connection.
    package var tls: TLSOptions?
    /// The heartbeat interval to ask for in seconds (0 disables heartbeats); the broker's
    /// smaller non-zero proposal wins.
    package var heartbeat: UInt16
    /// The largest frame to ask for in bytes; the broker's smaller proposal wins.
    package var frameMax: UInt32
    /// The most channels to ask for; the broker's smaller proposal wins.
    package var channelMax: UInt16
    /// The `connection_name` client property the management UI shows; `nil` sends none.
    package var connectionName: String?
    /// More client properties, merged over librabbitmq's defaults (product, version,
    /// capabilities).
    package var clientProperties: FieldTable
    /// How long the TCP connect, and separately the AMQP handshake, may take.
    package var connectTimeout: Duration
    /// How long a synchronous request (declare, bind, channel.open, …) may wait for its
    /// reply; on expiry librabbitmq closes the connection (``AMQPError/Code-swift.struct/timeout``).
    /// While the broker blocks the connection (`AMQPConnection.isBlocked`) a request is
    /// not sent: it waits this long for the unblock, then fails with
    /// ``AMQPError/Code-swift.struct/connectionBlocked`` and the connection stays open.
    package var rpcTimeout: Duration

    /// Creates options; every value not given is the default.
    public init(
        host: String = "localhost", port: Int? = nil, virtualHost: String = "/", username: String = "guest",
        password: String = "guest", tls: TLSOptions? = nil, heartbeat: UInt16 = 60, frameMax: UInt32 = 131_072,
        channelMax: UInt16 = 2047, connectionName: String? = nil, clientProperties: FieldTable = FieldTable(),
        connectTimeout: Duration = .seconds(10), rpcTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port ?? (tls == nil ? 5672 : 5671)
        self.virtualHost = virtualHost
        self.username = username
        self.password = password
        self.tls = tls
        self.heartbeat = heartbeat
        self.frameMax = frameMax
        self.channelMax = channelMax
        self.connectionName = connectionName
        self.clientProperties = clientProperties
        self.connectTimeout = connectTimeout
        self.rpcTimeout = rpcTimeout
    }
}
