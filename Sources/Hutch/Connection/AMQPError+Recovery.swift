import HutchAMQP

extension AMQPError {
    /// Whether the failure ended the whole connection (socket lost, heartbeat missed,
    /// the broker's `connection.close`, an RPC timeout, a closed connection), so the
    /// client must reconnect, redeclare and resubscribe.
    public var endsConnection: Bool {
        [.connectionLost, .connectionClosedByBroker, .heartbeatTimeout, .timeout, .connectionClosed, .protocolError]
            .contains(code)
    }

    /// Whether trying to connect again later can succeed without a configuration change:
    /// a broker that is not listening yet, unreachable or slow, or a lost connection.
    /// Wrong credentials, a missing vhost, a TLS failure or a bad URL are not retried.
    public var isTransient: Bool {
        endsConnection || [.connectionRefused, .hostUnreachable, .connectTimeout].contains(code)
    }
}
