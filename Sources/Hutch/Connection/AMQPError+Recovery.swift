import HutchAMQP

extension AMQPError {
    /// Whether the failure ended the whole connection, so the client must reconnect,
    /// redeclare and resubscribe: exactly the errors HutchAMQP made with
    /// `AMQPError.Scope.connection` scope (socket lost, heartbeat missed, any
    /// librabbitmq status, the broker's `connection.close` with any code, an RPC timeout,
    /// a closed connection), which have destroyed the connection below.
    package var endsConnection: Bool { scope == .connection }

    /// Whether the channel the failed call was made on may still be open: the failure
    /// ended only the call (a memory alarm held it past its patience, …), and it is not
    /// the report that the channel had already ended (`channelClosed`, scope `call`, for
    /// a call on a channel the broker closed earlier).
    package var mayLeaveChannelOpen: Bool {
        scope == .call && code != .channelClosed && code != .channelClosedByBroker
    }

    /// Whether trying to connect again later can succeed without a configuration change:
    /// the failure ended the connection (or the attempt), and it is not a refusal met
    /// while connecting that only a change of settings fixes — wrong credentials, a
    /// missing vhost or no permission on it, a TLS failure. A bad URL, or a value refused
    /// before anything was sent, did not end a connection and is not retried either.
    package var isTransient: Bool {
        guard endsConnection else { return false }
        let connecting = operation == .connect || operation == .login
        return !(connecting && Self.refusalsWhileConnecting.contains(code))
    }

    /// What the broker or the TLS layer answers to settings that will not work on a retry.
    private static let refusalsWhileConnecting: Set<Code> = [
        .authenticationFailed, .accessRefused, .notAllowed, .tlsFailed, .invalidArgument, .libraryFailure
    ]
}
