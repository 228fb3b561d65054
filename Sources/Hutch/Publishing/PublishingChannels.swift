import HutchAMQP

/// A channel of a connection, as the publisher counts the publishes under way on it.
struct PublishingChannel: Hashable {
    let connection: ObjectIdentifier
    let number: UInt16

    init(_ connection: any AMQPTransport, _ number: UInt16) {
        self.connection = ObjectIdentifier(connection)
        self.number = number
    }
}

/// What a ``Publisher`` knows of its channels: the one it publishes on, the opening of the
/// next one, the publishes under way on each, which are in confirm mode and which were
/// retired after a nack.
///
/// The publishes of many tasks share it under one lock, each step a few lookups: a publish
/// never waits for another task to reach the state, so a confirmed publish awaited on the
/// connection's executor runs there from start to `basic.ack`, with no hop to an actor and
/// back.
struct PublishingChannels {
    /// The channel publishes go to, once open.
    var current: (connection: any AMQPTransport, number: UInt16)?
    /// The opening of the publishing channel, shared by every publish that waits for it.
    var opening: SharedAttempt<(any AMQPTransport, UInt16)>?
    /// Publishes under way per channel.
    private var inFlight: [PublishingChannel: Int] = [:]
    /// Channels retired after a nack, closed when their last publish has its answer.
    private var retired: Set<PublishingChannel> = []
    /// Channels in confirm mode (selected by their first confirmed publish, or when opened
    /// with ``HutchClientSettings/publisherConfirms``).
    private var confirming: Set<PublishingChannel> = []

    /// `count` publishes on `key` start; returns whether the channel is in confirm mode, or
    /// `nil` when `key` is no longer the publishing channel: a publish handed it by its
    /// opening can resume after another one's nack retired it (or the broker closed it),
    /// even after it was closed, and then takes the current channel instead.
    mutating func begin(_ key: PublishingChannel, count: Int = 1) -> Bool? {
        guard let current, PublishingChannel(current.connection, current.number) == key else { return nil }
        inFlight[key, default: 0] += count
        return confirming.contains(key)
    }

    /// `count` publishes on `key` have their answers; `true` when the channel was retired
    /// and no publish waits on it any more: the caller closes it (and only that caller).
    mutating func finish(_ key: PublishingChannel, count: Int = 1) -> Bool {
        // One lookup of the key, not three.
        if let index = inFlight.index(forKey: key) {
            if inFlight.values[index] > count { inFlight.values[index] -= count } else { inFlight.remove(at: index) }
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
        retired.remove(key)
        return true
    }

    /// Channel `key` is in confirm mode.
    mutating func confirms(_ key: PublishingChannel) {
        confirming.insert(key)
    }

    /// Stops publishing on channel `number` of `amqp`, when it is the publishing channel.
    mutating func forget(_ number: UInt16, on amqp: any AMQPTransport) {
        if current?.connection === amqp, current?.number == number { current = nil }
        confirming.remove(PublishingChannel(amqp, number))
    }

    /// The opening ended: with the channel `opened` (in confirm mode when `confirming`), or
    /// with nothing (the next publish tries again).
    mutating func openingEnded(_ opened: (any AMQPTransport, UInt16)?, confirming: Bool) {
        opening = nil
        guard let opened else { return }
        current = (opened.0, opened.1)
        if confirming { confirms(PublishingChannel(opened.0, opened.1)) }
    }
}
