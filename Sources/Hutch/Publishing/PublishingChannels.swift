import HutchAMQP

/// A channel of a connection, as the publisher counts the publishes under way on it.
///
/// The connection hands a channel's number out again once it is closed, so a number
/// alone does not tell two channels apart: `opening` does, which of the publisher's
/// openings made this channel the publishing one. A publish answered on a closed channel
/// (the broker closed it) that reports its failure after the next channel opened with
/// the same number so neither forgets that channel nor counts its answer there.
struct PublishingChannel: Hashable {
    let connection: ObjectIdentifier
    let number: UInt16
    let opening: UInt64

    init(_ connection: any AMQPTransport, _ number: UInt16, opening: UInt64) {
        self.connection = ObjectIdentifier(connection)
        self.number = number
        self.opening = opening
    }
}

/// What a ``Publisher`` knows of its channels: the one it publishes on, the opening of the
/// next one, the publishes under way on each, which are in confirm mode and which were
/// retired after a nack.
///
/// The publishes of many tasks share it under one lock, each step a few lookups: a publish
/// never waits for another task to reach the state, so a confirmed publish awaited on the
/// connection's executor runs there from start to `basic.ack`, with no hop to an actor and
/// back. The publishing channel's own count and confirm mode are kept in fields of their
/// own, beside its key: a publish on it, the usual case, hashes no key (three lookups per
/// publish did) and copies no optional value holding the connection (each such copy an
/// outlined call); the dictionaries hold only channels that stopped being the publishing one.
struct PublishingChannels {
    /// The channel publishes go to, once open, and its key.
    private(set) var current: (connection: any AMQPTransport, key: PublishingChannel)?
    /// The key of ``current``, kept beside it: the steps of a publish compare it without
    /// copying the optional that holds the connection.
    private(set) var currentKey: PublishingChannel?
    /// How many channels became the publishing one so far (``PublishingChannel/opening``).
    private var openings: UInt64 = 0
    /// Publishes under way on ``current`` (moved to ``inFlight`` when it stops being the
    /// publishing channel).
    private var currentInFlight = 0
    /// Whether ``current`` is in confirm mode (selected by its first confirmed publish, or
    /// when opened with ``HutchClientSettings/publisherConfirms``).
    private var currentConfirming = false
    /// The opening of the publishing channel, shared by every publish that waits for it.
    var opening: SharedAttempt<(any AMQPTransport, PublishingChannel)>?
    /// Publishes under way per channel that is no longer the publishing one.
    private var inFlight: [PublishingChannel: Int] = [:]
    /// Channels retired after a nack, closed when their last publish has its answer.
    private var retired: Set<PublishingChannel> = []

    /// `count` publishes on `key` start; returns whether the channel is in confirm mode, or
    /// `nil` when `key` is no longer the publishing channel: a publish handed it by its
    /// opening can resume after another one's nack retired it (or the broker closed it),
    /// even after it was closed, and then takes the current channel instead.
    mutating func begin(_ key: PublishingChannel, count: Int = 1) -> Bool? {
        guard currentKey == key else { return nil }
        currentInFlight += count
        return currentConfirming
    }

    /// `count` publishes on `key` have their answers; `true` when the channel was retired
    /// and no publish waits on it any more: the caller closes it (and only that caller).
    mutating func finish(_ key: PublishingChannel, count: Int = 1) -> Bool {
        var left = count
        if currentInFlight > 0, currentKey == key {
            let taken = min(currentInFlight, left)
            currentInFlight -= taken
            left -= taken
        }
        // One lookup of the key, not three.
        if left > 0, let index = inFlight.index(forKey: key) {
            if inFlight.values[index] > left { inFlight.values[index] -= left } else { inFlight.remove(at: index) }
        }
        return closesRetired(key)
    }

    /// Retires `key` after a nack: the next publish gets a new channel. `true` when no
    /// publish waits on it any more: the caller closes it.
    mutating func retire(_ key: PublishingChannel) -> Bool {
        retired.insert(key)
        return closesRetired(key)
    }

    private mutating func closesRetired(_ key: PublishingChannel) -> Bool {
        guard !retired.isEmpty, retired.contains(key), inFlight[key] == nil else { return false }
        if currentKey == key, currentInFlight > 0 { return false }
        retired.remove(key)
        return true
    }

    /// Channel `key` is in confirm mode. Only the publishing channel's mode is kept: a
    /// publish begins on no other (``begin(_:count:)``), and a channel that stopped being it
    /// never becomes it again.
    mutating func confirms(_ key: PublishingChannel) {
        guard currentKey == key else { return }
        currentConfirming = true
    }

    /// Stops publishing on channel `key`, when it is the publishing channel.
    mutating func forget(_ key: PublishingChannel) {
        guard currentKey == key else { return }
        replaceCurrent(with: nil, confirming: false)
    }

    /// The opening ended with the channel `opened` (in confirm mode when `confirming`),
    /// now the publishing channel; returns its key.
    mutating func openingEnded(_ opened: (any AMQPTransport, UInt16), confirming: Bool) -> PublishingChannel {
        opening = nil
        replaceCurrent(with: opened, confirming: confirming)
        return currentKey!
    }

    /// The opening failed: the next publish tries again.
    mutating func openingFailed() {
        opening = nil
    }

    /// Makes `next` the publishing channel; the publishes still under way on the one it
    /// replaces are counted on with the other channels'.
    private mutating func replaceCurrent(with next: (any AMQPTransport, UInt16)?, confirming: Bool) {
        if let currentKey, currentInFlight > 0 { inFlight[currentKey, default: 0] += currentInFlight }
        if let (connection, number) = next {
            openings += 1
            let key = PublishingChannel(connection, number, opening: openings)
            current = (connection, key)
            currentKey = key
        } else {
            current = nil
            currentKey = nil
        }
        currentInFlight = 0
        currentConfirming = confirming
    }
}
