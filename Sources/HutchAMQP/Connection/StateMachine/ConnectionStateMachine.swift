import HutchConventions

/// Everything one connection decides, as a value: no C, no I/O, no clock of its own.
///
/// The executor (``ConnectionCore`` on the connection's I/O thread) feeds it events — a
/// call is requested, a call succeeded or failed, a frame arrived, time passed, a close
/// is requested — and performs the actions it returns (send a method, settle confirms,
/// hand a delivery to a consumer, end feeds, destroy the socket). Like postgres-nio's
/// `ConnectionStateMachine`, it is unit-tested without a socket
/// (`Tests/HutchAMQPTests/StateMachine`).
///
/// Scope rule, decided here once: a failure whose ``AMQPError/scope`` is
/// ``AMQPError/Scope-swift.enum/call`` leaves everything usable, ``AMQPError/Scope-swift.enum/channel``
/// kills its channel (later calls on it fail with `channelClosed` and the broker's reply),
/// ``AMQPError/Scope-swift.enum/connection`` kills the connection and every channel.
struct ConnectionStateMachine {
    /// The connection's state.
    enum State {
        /// Not connected yet.
        case idle
        /// Open and writable.
        case open
        /// Open, but the broker stopped reading (`connection.blocked`): publishes and
        /// requests are held, acks still go out.
        case blocked(reason: String)
        /// Closed by the client (`failure` is `nil`) or failed.
        case closed(failure: AMQPError?)
    }

    /// Why a channel the client opened is gone.
    enum ChannelEnd {
        /// The broker closed it (`channel.close`: 404, 406, …), or opening it failed so.
        case closedByBroker(AMQPError)
    }

    // Changed only by this type's methods (here and in its extensions' files).
    var state: State = .idle
    /// Open channels.
    var channels: [UInt16: ChannelMachine] = [:]
    /// Channels the broker closed, with why, until they are opened again.
    var endedChannels: [UInt16: ChannelEnd] = [:]
    /// Requests held while blocked, oldest first.
    var held: [HeldRequest] = []
    /// The negotiated heartbeat interval in seconds (0: none).
    private(set) var heartbeat: UInt16 = 0
    /// How long a request may wait for its reply, or while blocked.
    private(set) var rpcTimeout: Duration = .seconds(30)
    /// No later than the earliest deadline of a pending confirm, `nil` when none is
    /// pending: each confirmed publish lowers it, ``tick(at:)`` makes it exact. A confirm
    /// settled since leaves it early, which wakes the thread once for nothing
    /// (``waitTimeout(from:)``): cheaper than looking at every pending confirm of every
    /// channel before each sleep, which copied each channel out of the dictionary.
    var confirmDeadline: InlineInstant?

    /// Whether the connection is open (blocked or not).
    var isOpen: Bool {
        switch state {
        case .open, .blocked: true
        case .idle, .closed: false
        }
    }

    /// The broker's `connection.blocked` reason, `nil` when not blocked.
    var blockedReason: String? {
        if case .blocked(let reason) = state { return reason }
        return nil
    }

    // MARK: Connecting

    /// The handshake succeeded.
    mutating func connected(heartbeat: UInt16, rpcTimeout: Duration) {
        self.heartbeat = heartbeat
        self.rpcTimeout = rpcTimeout
        state = .open
    }

    // MARK: Calls

    /// Whether a call for `operation` (on `channel`, when given) may go ahead: the error
    /// to throw instead when the connection or channel is gone.
    func callRequested(_ operation: AMQPError.Operation, channel: UInt16?) -> AMQPError? {
        switch state {
        case .closed(let failure?): return failure.reported(as: operation, channel: channel)
        case .idle, .closed(nil):
            return AMQPError(code: .connectionClosed, operation: operation, channel: channel, scope: .connection)
        case .open, .blocked: break
        }
        guard let channel, channels.index(forKey: channel) == nil else { return nil }
        if case .closedByBroker(let dead) = endedChannels[channel] {
            return AMQPError.channelClosedEarlier(dead, operation: operation, channel: channel)
        }
        return AMQPError(code: .channelClosed, operation: operation, channel: channel, detail: "the channel is not open")
    }

    /// A call failed with `error`: applies what its scope ends.
    mutating func callFailed(_ error: AMQPError, channel: UInt16?) -> Endings {
        switch error.scope {
        case .call: return Endings()
        case .channel:
            guard let channel else { return Endings() }
            return channelEnded(channel, error)
        case .connection: return connectionFailed(error)
        }
    }

    mutating func channelEnded(_ number: UInt16, _ error: AMQPError) -> Endings {
        endedChannels[number] = .closedByBroker(error)
        var endings = Endings()
        if var channel = channels.removeValue(forKey: number) { channel.end(with: error, channel: number, into: &endings) }
        return endings
    }

    /// The connection failed (a librabbitmq status, a broker `connection.close`, a
    /// heartbeat timeout): the socket goes, every channel dies with `error`, and held
    /// requests run to fail with it. Only the first failure counts.
    mutating func connectionFailed(_ error: AMQPError) -> Endings {
        guard isOpen else { return Endings() }
        var error = error
        error.scope = .connection
        state = .closed(failure: error)
        var endings = Endings(destroySocket: true)
        endAll(with: error, into: &endings)
        return endings
    }

    private mutating func endAll(with error: AMQPError?, into endings: inout Endings) {
        for number in channels.keys.sorted() {
            channels[number]?.end(with: error, channel: number, into: &endings)
        }
        channels = [:]
        endings.held = held
        held = []
    }

    // MARK: Closing

    /// The client asks to close: what to send before the socket goes.
    func closeRequested() -> CloseAction {
        guard isOpen else { return .alreadyClosed }
        if blockedReason != nil { return .destroy }
        return .closeGracefully(channels: channels.keys.sorted())
    }

    /// The socket is destroyed after ``closeRequested()``: consumers end normally,
    /// confirms and held requests fail.
    mutating func closed() -> Endings {
        guard isOpen else { return Endings() }
        state = .closed(failure: nil)
        var endings = Endings()
        endAll(with: nil, into: &endings)
        return endings
    }

    // MARK: Channels

    /// Whether channel `number` may be opened: the error to throw instead.
    func openChannelRequested(_ number: UInt16) -> AMQPError? {
        guard number != 0 else {
            return AMQPError(code: .invalidArgument, operation: .openChannel, channel: 0, detail: "channel 0 is the connection's")
        }
        if let error = callRequested(.openChannel, channel: nil) { return error }
        guard channels[number] == nil else {
            return AMQPError(code: .invalidArgument, operation: .openChannel, channel: number, detail: "the channel is already open")
        }
        return nil
    }

    /// `channel.open-ok` arrived.
    mutating func channelOpened(_ number: UInt16) {
        endedChannels[number] = nil
        channels[number] = ChannelMachine(phase: .open)
    }

    /// `channel.open` failed; a channel-scoped failure is remembered for later calls.
    mutating func channelOpenFailed(_ number: UInt16, _ error: AMQPError) -> Endings {
        if error.scope == .channel { endedChannels[number] = .closedByBroker(error) }
        return callFailed(error, channel: nil)
    }

    /// The lowest channel number that is not open.
    func freeChannelNumber(max: UInt16) -> Result<UInt16, AMQPError> {
        let limit = max == 0 ? UInt16.max : max
        var number: UInt16 = 1
        while channels[number] != nil {
            guard number < limit else {
                return .failure(AMQPError(code: .invalidArgument, operation: .openChannel, detail: "all \(limit) channels are open"))
            }
            number += 1
        }
        return .success(number)
    }

    /// The client sends `channel.close` on an open channel.
    mutating func channelCloseRequested(_ number: UInt16) {
        channels[number]?.phase = .closing
    }

    /// `channel.close-ok` arrived: the channel's consumers end normally, its confirms fail.
    mutating func channelClosed(_ number: UInt16) -> Endings {
        var endings = Endings()
        if var channel = channels.removeValue(forKey: number) { channel.end(with: nil, channel: number, into: &endings) }
        return endings
    }

    // MARK: Confirms and publishes

    /// Whether `confirm.select` must be sent (not when the channel is in confirm mode already).
    func confirmSelectNeeded(_ number: UInt16) -> Bool {
        channels[number].map { !$0.confirmMode } ?? false
    }

    /// `confirm.select-ok` arrived.
    mutating func confirmSelected(_ number: UInt16) {
        channels[number]?.phase = .confirmMode
    }

    /// Whether a publish on `number` may be sent; a confirmed one needs confirm mode.
    ///
    /// Changes nothing; `mutating` only so that the channel is read in place (through the
    /// dictionary's `_modify` accessor): read through its getter, the whole channel — its
    /// dictionaries, closures and the message in progress — was copied for one flag, on
    /// every confirmed publish.
    mutating func publishRequested(_ number: UInt16, confirmed: Bool) -> AMQPError? {
        guard confirmed, let index = channels.index(forKey: number) else { return nil }
        guard !Self.isConfirmMode(&channels.values[index]) else { return nil }
        return AMQPError(
            code: .notInConfirmMode, operation: .publish, channel: number, detail: "call confirmSelect(on:) before publishConfirmed")
    }

    static func isConfirmMode(_ channel: inout ChannelMachine) -> Bool { channel.confirmMode }

    /// Messages the broker returns on the open channel `number` go to `handler` from now
    /// on (`nil`: dropped).
    mutating func returnHandlerSet(_ handler: ReturnHandler?, channel number: UInt16) {
        channels[number]?.returnHandler = handler
    }

    /// The publish was written: in confirm mode it took the next delivery tag, which
    /// `confirmation` (when given) now waits on.
    mutating func published(_ number: UInt16, confirmation: PendingConfirm?) {
        // Through the index: `channels[number]?` would take the channel out of the
        // dictionary and put it back, two hash lookups per message.
        guard let index = channels.index(forKey: number) else { return }
        channels.values[index].recordPublish(confirmation)
        if let expiry = confirmation?.expiry { confirmDeadline = min(confirmDeadline ?? expiry, expiry) }
    }

    // MARK: Consumers

    /// Registers `feed` before `basic.consume` is sent (deliveries read while waiting for
    /// `consume-ok` are queued by librabbitmq and handed out after it).
    mutating func consumeRequested(_ method: BasicConsume, channel: UInt16, feed: DeliveryFeed) -> AMQPError? {
        guard channels[channel]?.consumers[method.consumerTag] == nil || method.consumerTag.isEmpty else {
            return AMQPError(
                code: .invalidArgument, operation: .consume, channel: channel,
                detail: "consumer tag \(method.consumerTag) is already in use on this channel")
        }
        channels[channel]?.consumers[method.consumerTag] = feed
        if method.noAck { channels[channel]?.autoAckConsumers.insert(method.consumerTag) }
        return nil
    }

    /// `consume-ok` arrived with the tag the broker uses (its own when ours was empty).
    mutating func consumeStarted(requestedTag: String, tag: String, channel: UInt16) {
        guard tag != requestedTag, let feed = channels[channel]?.consumers.removeValue(forKey: requestedTag) else { return }
        channels[channel]?.consumers[tag] = feed
        if channels[channel]?.autoAckConsumers.remove(requestedTag) != nil { channels[channel]?.autoAckConsumers.insert(tag) }
    }

    /// `basic.consume` failed: the feed is forgotten.
    mutating func consumeFailed(requestedTag: String, channel: UInt16) {
        channels[channel]?.consumers[requestedTag] = nil
        channels[channel]?.autoAckConsumers.remove(requestedTag)
    }

    /// `cancel-ok` arrived: the feed to end normally.
    mutating func cancelled(consumerTag: String, channel: UInt16) -> DeliveryFeed? {
        channels[channel]?.consumers.removeValue(forKey: consumerTag)
    }

    // MARK: Settling deliveries

    /// The client sent `basic.ack`, `basic.nack` or `basic.reject` for `deliveryTag` (with
    /// `multiple`, for every earlier one too).
    mutating func deliverySettled(_ deliveryTag: UInt64, multiple: Bool, channel: UInt16) {
        channels[channel]?.deliverySettled(deliveryTag, multiple: multiple)
    }

    /// A `basic.get` with manual acknowledgement runs on `channel`: its tag is read by
    /// librabbitmq, not here, so acks on the channel are never widened from then on.
    mutating func manualGetRequested(channel: UInt16) {
        channels[channel]?.knowsEveryUnsettledTag = false
    }

    /// The acks to send on `channel` for single acks of `tags` queued one after another in
    /// one turn of the I/O loop (see ``ChannelMachine/coalescedAcks(_:)``): a run of them
    /// joined into one `multiple` ack only where that acknowledges exactly the same deliveries.
    func coalescedAcks(_ tags: [UInt64], channel: UInt16) -> [BasicAck] {
        channels[channel]?.coalescedAcks(tags) ?? tags.map { BasicAck(deliveryTag: $0, multiple: false) }
    }

    /// Whether a consumer is still registered (the reader stopped: cancel it then).
    func hasConsumer(_ consumerTag: String, channel: UInt16) -> Bool {
        isOpen && channels[channel]?.consumers[consumerTag] != nil
    }
}
