extension AMQPConnection {
    /// Opens channel `channel` (1 through ``ConnectionTuning/channelMax``); also reopens a
    /// channel the broker closed.
    package func openChannel(_ channel: UInt16) async throws(AMQPError) {
        try await run(.openChannel, channel: channel) { core throws(AMQPError) in try core.openChannel(channel) }
    }

    /// Opens the lowest channel number that is not open and returns it.
    package func openChannel() async throws(AMQPError) -> UInt16 {
        let channelMax = tuning.channelMax
        return try await run(.openChannel, channel: nil) { core throws(AMQPError) -> UInt16 in
            let number = try core.freeChannelNumber(max: channelMax)
            try core.openChannel(number)
            return number
        }
    }

    /// Closes channel `channel` (`channel.close`); its consumers' deliveries end normally.
    package func closeChannel(_ channel: UInt16) async throws(AMQPError) {
        try await run(.closeChannel, channel: channel) { core throws(AMQPError) in try core.closeChannel(channel) }
    }
}
