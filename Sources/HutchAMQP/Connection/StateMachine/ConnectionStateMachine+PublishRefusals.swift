extension ConnectionStateMachine {
    /// What a publish would be refused for right now, for callers that do not wait for
    /// the I/O thread (``PublishRefusals``): the connection's failure or close (`nil` while
    /// open, blocked or not), and the error each channel the broker closed reports until it
    /// is opened again. A channel never opened, or closed by the client, is not listed: a
    /// publish on it is refused when the I/O thread takes it.
    func publishRefusals() -> (connection: AMQPError?, channels: [UInt16: AMQPError]) {
        let connection = isOpen ? nil : callRequested(.publish, channel: nil)
        var channels: [UInt16: AMQPError] = [:]
        for number in endedChannels.keys {
            if let refused = callRequested(.publish, channel: number) { channels[number] = refused }
        }
        return (connection, channels)
    }
}
