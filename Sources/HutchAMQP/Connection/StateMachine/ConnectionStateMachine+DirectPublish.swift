extension ConnectionStateMachine {
    /// The channels on which a publish may be written by the caller's thread while the
    /// I/O thread sleeps (``DirectPublishPermit``), while the connection is open and not
    /// blocked (`nil` otherwise): the open channels in confirm mode, for confirmed
    /// publishes, and the others, for publishes without confirms (which need no
    /// bookkeeping there).
    ///
    /// Mutating only to read each channel in place (a read through the dictionary's
    /// values copied the channel out first).
    mutating func directPublishChannels() -> (confirming: [UInt16], unconfirmed: [UInt16])? {
        guard case .open = state else { return nil }
        var confirming: [UInt16] = []
        var unconfirmed: [UInt16] = []
        for index in channels.indices {
            if Self.isConfirmMode(&channels.values[index]) {
                confirming.append(channels.keys[index])
            } else {
                unconfirmed.append(channels.keys[index])
            }
        }
        return (confirming, unconfirmed)
    }
}
