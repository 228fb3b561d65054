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
        // Index by index: `channels.indices` holds the dictionary's storage, so each
        // channel read in place through it copied the whole dictionary first.
        var index = channels.startIndex
        while index != channels.endIndex {
            if Self.isConfirmMode(&channels.values[index]) {
                confirming.append(channels.keys[index])
            } else {
                unconfirmed.append(channels.keys[index])
            }
            channels.formIndex(after: &index)
        }
        return (confirming, unconfirmed)
    }

    /// Whether ``directPublishChannels()`` would return exactly `confirming` and
    /// `unconfirmed` (in the order it lists them), found without building the lists: while
    /// no channel opens, closes or enters confirm mode, the permit made before the last
    /// sleep serves again.
    mutating func directPublishChannelsAre(confirming: [UInt16], unconfirmed: [UInt16]) -> Bool {
        guard case .open = state, channels.count == confirming.count + unconfirmed.count else { return false }
        var (nextConfirming, nextUnconfirmed) = (0, 0)
        var index = channels.startIndex
        while index != channels.endIndex {
            let number = channels.keys[index]
            if Self.isConfirmMode(&channels.values[index]) {
                guard nextConfirming < confirming.count, confirming[nextConfirming] == number else { return false }
                nextConfirming += 1
            } else {
                guard nextUnconfirmed < unconfirmed.count, unconfirmed[nextUnconfirmed] == number else { return false }
                nextUnconfirmed += 1
            }
            channels.formIndex(after: &index)
        }
        return true
    }
}
