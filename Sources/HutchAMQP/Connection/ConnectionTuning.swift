/// The limits the client and broker agreed on in `connection.tune` / `tune-ok`.
public struct ConnectionTuning: Sendable, Equatable {
    /// The highest channel number allowed.
    public var channelMax: UInt16
    /// The largest frame in bytes; bodies are split into frames of at most this size.
    public var frameMax: UInt32
    /// The heartbeat interval in seconds; 0 when heartbeats are off.
    public var heartbeat: UInt16

    /// Creates the limits.
    public init(channelMax: UInt16, frameMax: UInt32, heartbeat: UInt16) {
        self.channelMax = channelMax
        self.frameMax = frameMax
        self.heartbeat = heartbeat
    }
}
