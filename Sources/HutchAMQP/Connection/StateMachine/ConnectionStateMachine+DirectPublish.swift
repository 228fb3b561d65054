extension ConnectionStateMachine {
    /// The channels on which a confirmed publish may be written by the caller's thread
    /// while the I/O thread sleeps (``DirectPublishPermit``): every open channel in confirm
    /// mode, while the connection is open and not blocked; `nil` otherwise.
    ///
    /// Mutating only to read each channel in place (a read through the dictionary's
    /// values copied the channel out first).
    mutating func directPublishChannels() -> [UInt16]? {
        guard case .open = state else { return nil }
        var numbers: [UInt16] = []
        for index in channels.indices where Self.isConfirmMode(&channels.values[index]) {
            numbers.append(channels.keys[index])
        }
        return numbers
    }
}
