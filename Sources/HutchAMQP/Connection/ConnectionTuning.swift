/// The limits the client and broker agreed on in `connection.tune` / `tune-ok`.
package struct ConnectionTuning: Sendable, Equatable {
    /// The highest channel number allowed.
    package var channelMax: UInt16
    /// The largest frame in bytes; bodies are split into frames of at most this size.
    package var frameMax: UInt32
    /// The heartbeat interval in seconds; 0 when heartbeats are off.
    package var heartbeat: UInt16

    /// Creates the limits.
    package init(channelMax: UInt16, frameMax: UInt32, heartbeat: UInt16) {
        self.channelMax = channelMax
        self.frameMax = frameMax
        self.heartbeat = heartbeat
    }
}
