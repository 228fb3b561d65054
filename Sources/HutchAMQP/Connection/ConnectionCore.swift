import HutchConventions

/// The executor of one connection's ``ConnectionStateMachine`` against librabbitmq,
/// confined to the connection's I/O thread (``ConnectionLoop``).
///
/// It decides nothing: each call asks the state machine whether it may go ahead, makes
/// the librabbitmq call, reports the outcome back, and performs the actions it gets
/// (send `close-ok`, destroy the socket, settle confirms, hand deliveries to consumers,
/// end feeds, run or fail held requests). In debug builds every entry point asserts that
/// it runs on the I/O thread (``IOThreadConfinement``).
///
/// On a plain TCP connection publishes are written by a ``SocketFrameWriter`` (many
/// publishes, one `send(2)`) instead of librabbitmq; its buffer is always flushed before
/// the entry point that filled it returns, so every librabbitmq call finds the bytes
/// queued before it already written.
final class ConnectionCore {
    // `@exclusivity(unchecked)` on the stored `var`s below: a class's stored `var` costs a
    // dynamic exclusivity check (`swift_beginAccess`, a thread-local access set) on every
    // access, a dozen per confirmed publish on this thread's hot path. The checks are not
    // needed: the core is confined to the I/O thread (``IOThreadConfinement``, asserted by
    // every entry point in debug builds), so no access can overlap one from another thread,
    // and on that thread every access is one call on the value (`machine.published(…)`,
    // ``reading(_:)``), never held across a call that could re-enter the core: what the state
    // machine hands back (held requests, completions) is run after the call that returned it.
    private let io = LibRabbitMQConnection()
    /// Writes publishes on a plain TCP connection; `nil` before connecting and over TLS.
    @exclusivity(unchecked) private var frames: SocketFrameWriter?
    /// The publishes without confirms in `frames`' buffer and where their frames end: those
    /// a failed flush did not write go to their `failed`.
    @exclusivity(unchecked) private var unflushed: [(publish: QueuedPublish, end: Int)] = []
    @exclusivity(unchecked) private var machine = ConnectionStateMachine()
    /// The last ``DirectPublishPermit`` made, whose channel lists the next one reuses while
    /// they still hold (``directPublishPermit(wakesBy:)``).
    @exclusivity(unchecked) private var lastPermit: DirectPublishPermit?
    private let blockedNotice: BlockedNotice
    /// What a queued publish is refused for, kept up to date for callers on other threads.
    private let refusals: PublishRefusals
    /// The I/O thread this core is confined to.
    let confinement: IOThreadConfinement

    init(blockedNotice: BlockedNotice, refusals: PublishRefusals, confinement: IOThreadConfinement) {
        self.blockedNotice = blockedNotice
        self.refusals = refusals
        self.confinement = confinement
    }

    /// Reads the state machine in place. A read straight from the stored property
    /// (`machine.isOpen`, a non-mutating call) made the compiler copy the whole value
    /// first — every channel's dictionaries retained and released, about 300
    /// instructions — several times per message on the I/O thread's hot paths.
    private func reading<Value>(_ read: (inout ConnectionStateMachine) -> Value) -> Value { read(&machine) }

    /// The socket to wait on, -1 when closed.
    var socketDescriptor: Int32 { reading({ $0.isOpen }) ? io.socketDescriptor : -1 }

    /// Whether frames or bytes are already buffered in librabbitmq.
    var hasBufferedInput: Bool { reading({ $0.isOpen }) && io.hasBufferedInput }

    // MARK: Performing actions

    /// Runs after every ending of a channel or the connection (the only times the state
    /// machine's publish refusals change, besides a reopened channel).
    private func perform(_ endings: ConnectionStateMachine.Endings) {
        refreshRefusals()
        guard !endings.isEmpty else { return }
        if endings.destroySocket { io.destroy() }
        for settled in endings.confirms { settled.confirm.completion(settled.result) }
        for (feed, error) in endings.feeds {
            if let error { feed.channelDied(error) } else { feed.finish() }
        }
        for request in endings.held { request.run() }
    }

    private func perform(_ action: consuming ConnectionStateMachine.FrameAction) {
        switch consume action {
        case .nothing: break
        case .deliver(let feed, let delivery): feed.yield(delivery)
        case .settle(let settled):
            // Released here, once their publishers are resumed: a confirm holds nothing to
            // free but a mandatory publish's message id (its continuation is held inline).
            settled.complete()
        case .finish(let feed, let error): feed.finish(throwing: error)
        case .returned(let handler, let message): handler(message)
        case .answerChannelClose(let channel, let endings):
            io.sendCloseOK(channel: channel)
            perform(endings)
        case .answerConnectionClose(let endings):
            io.sendConnectionCloseOK()
            perform(endings)
        case .blockedChanged(let reason, let release):
            blockedNotice.set(reason)
            for request in release { request.run() }
        case .fail(let endings): perform(endings)
        }
    }

    // MARK: Connecting and closing

    /// Opens the connection; `frameWriterMax` is the `frame_max` of the frames this thread
    /// writes itself (plain TCP), which callers may encode publishes with
    /// (``QueuedPublish/Content/frames(_:)``), `nil` when librabbitmq writes them (TLS).
    func connect(
        _ options: ConnectionOptions
    ) throws(AMQPError) -> (server: ServerProperties, tuning: ConnectionTuning, frameWriterMax: UInt32?) {
        confinement.assertOnIOThread()
        let (server, tuning) = try io.open(options)
        machine.connected(heartbeat: tuning.heartbeat, rpcTimeout: options.rpcTimeout)
        if options.tls == nil, tuning.frameMax >= PublishFrames.minimumFrameMax {
            frames = SocketFrameWriter(frameMax: tuning.frameMax, writeTimeout: options.rpcTimeout)
        }
        return (server, tuning, frames?.frameMax)
    }

    /// Closes every channel and the connection gracefully, ends consumers normally and
    /// fails pending confirms and held work. Idempotent. While the broker blocks the
    /// connection it would not read the closes: the socket is just closed.
    func shutdown() {
        confinement.assertOnIOThread()
        switch machine.closeRequested() {
        case .alreadyClosed: return
        case .closeGracefully(let channels):
            for number in channels { try? io.closeChannel(number) }
            io.closeGracefully()
        case .destroy: break
        }
        io.destroy()
        perform(machine.closed())
    }

    // MARK: A blocked connection

    /// Runs `work` now or, while the broker blocks the connection, as the state machine's
    /// ``ConnectionStateMachine/BlockedPolicy`` for `operation` says: once it unblocks, or
    /// when `patience` (the RPC timeout when `nil`) passes first, `expire` gets a
    /// ``AMQPError/Code-swift.struct/connectionBlocked`` error instead and nothing is sent.
    func whenUnblocked(
        _ operation: AMQPError.Operation, channel: UInt16?, patience: Duration?,
        _ work: @escaping () -> Void, expire: @escaping (AMQPError) -> Void
    ) {
        confinement.assertOnIOThread()
        if ConnectionStateMachine.blockedPolicy(for: operation) == .readsThenHolds, machine.blockedReason == nil { pump() }
        machine.holdIfBlocked(operation, channel: channel, patience: patience, at: .now, run: work, expire: expire)?()
    }

    // MARK: Running calls

    /// Runs `body` for `operation` if the state machine lets it, reporting a failure back.
    func perform<T>(_ operation: AMQPError.Operation, channel: UInt16?, _ body: () throws(AMQPError) -> T) throws(AMQPError) -> T {
        confinement.assertOnIOThread()
        if let refused = reading({ $0.callRequested(operation, channel: channel) }) { throw refused }
        do throws(AMQPError) {
            return try body()
        } catch {
            perform(machine.callFailed(error, channel: channel))
            throw error
        }
    }

    // MARK: Channels

    /// Opens channel `number` (again, after the broker closed it).
    func openChannel(_ number: UInt16) throws(AMQPError) {
        confinement.assertOnIOThread()
        if let refused = machine.openChannelRequested(number) { throw refused }
        do throws(AMQPError) {
            try io.openChannel(number)
        } catch {
            perform(machine.channelOpenFailed(number, error))
            throw error
        }
        machine.channelOpened(number)
        refreshRefusals()
    }

    /// The lowest channel number that is not open.
    func freeChannelNumber(max: UInt16) throws(AMQPError) -> UInt16 {
        try machine.freeChannelNumber(max: max).get()
    }

    /// Closes channel `number`; its consumers end normally.
    func closeChannel(_ number: UInt16) throws(AMQPError) {
        try perform(.closeChannel, channel: number) { () throws(AMQPError) in
            machine.channelCloseRequested(number)
            try io.closeChannel(number)
            perform(machine.channelClosed(number))
        }
    }

    // MARK: Methods

    /// Sends a declaration (see ``LibRabbitMQConnection/declare(_:channel:)``).
    func declare(_ method: AMQPMethod, channel: UInt16) throws(AMQPError) -> QueueDeclareOK? {
        try perform(AMQPError.Operation(method.name), channel: channel) { () throws(AMQPError) in
            try io.declare(method, channel: channel)
        }
    }

    /// `queue.delete`.
    func deleteQueue(_ queue: String, ifUnused: Bool, ifEmpty: Bool, channel: UInt16) throws(AMQPError) -> UInt32 {
        try perform(.queueDelete, channel: channel) { () throws(AMQPError) in
            try io.deleteQueue(queue, ifUnused: ifUnused, ifEmpty: ifEmpty, channel: channel)
        }
    }

    /// `queue.purge`.
    func purgeQueue(_ queue: String, channel: UInt16) throws(AMQPError) -> UInt32 {
        try perform(.queuePurge, channel: channel) { () throws(AMQPError) in try io.purgeQueue(queue, channel: channel) }
    }

    /// `exchange.delete`.
    func deleteExchange(_ exchange: String, ifUnused: Bool, channel: UInt16) throws(AMQPError) {
        try perform(.exchangeDelete, channel: channel) { () throws(AMQPError) in
            try io.deleteExchange(exchange, ifUnused: ifUnused, channel: channel)
        }
    }

    /// `confirm.select`; idempotent.
    func confirmSelect(channel: UInt16) throws(AMQPError) {
        try perform(.confirmSelect, channel: channel) { () throws(AMQPError) in
            guard machine.confirmSelectNeeded(channel) else { return }
            try io.confirmSelect(channel: channel)
            machine.confirmSelected(channel)
        }
    }

    /// Hands the messages the broker returns on `channel` to `handler`.
    func setReturnHandler(_ handler: ConnectionStateMachine.ReturnHandler?, channel: UInt16) throws(AMQPError) {
        try perform(.publish, channel: channel) { machine.returnHandlerSet(handler, channel: channel) }
    }

    /// Publishes; in confirm mode the publish takes the next delivery tag and, when
    /// `confirmation` is given, waits for its confirm until its deadline. Returns once
    /// the frames are written.
    func publish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16,
        confirmation: ConnectionStateMachine.PendingConfirm?
    ) throws(AMQPError) {
        try perform(.publish, channel: channel) { () throws(AMQPError) in
            if let refused = reading({ $0.publishRequested(channel, confirmed: confirmation != nil) }) { throw refused }
            if let frames {
                try Self.append(method, properties: properties, body: body, channel: channel, to: frames)
                if let failure = frames.flush(to: io.socketDescriptor) { throw failure.error.reported(as: .publish, channel: channel) }
            } else {
                try io.publish(method, properties: properties, body: body, channel: channel)
            }
            machine.published(channel, confirmation: confirmation)
        }
    }

    /// Writes publishes queued together (``QueuedPublish``), in order; a confirmed one
    /// takes its delivery tag and waits for its confirm. On plain TCP their frames go out
    /// together, one `send(2)` per ``SocketFrameWriter/flushThreshold`` bytes, written
    /// before this returns. While the broker blocks the connection each waits up to its
    /// `blockedTimeout`; one that is not written (refused, failed, expired) hears why
    /// through its ``QueuedPublish/fail(_:)`` (a confirmed one whose frames were buffered hears it through
    /// its confirm, which the connection's failure settles).
    func publishQueued(_ publishes: [QueuedPublish]) {
        confinement.assertOnIOThread()
        for queued in publishes {
            guard reading({ $0.blockedReason }) != nil else {
                buffer(queued)
                continue
            }
            let write = { [self] in
                self.buffer(queued)
                self.flushPublishes()
            }
            machine.holdIfBlocked(
                .publish, channel: queued.channel, patience: queued.blockedTimeout, at: .now, run: write, expire: { queued.fail($0) })?()
        }
        flushPublishes()
    }

    /// Adds a publish's frames to the writer's buffer, as the state machine allows (over
    /// TLS: writes it with librabbitmq).
    private func buffer(_ queued: QueuedPublish) {
        guard let frames else {
            // Over TLS every publish is queued as its parts (`AMQPConnection.callerFrameMax` is nil).
            let message = queued.message
            do throws(AMQPError) {
                try publish(
                    message.method, properties: message.properties, body: message.body, channel: queued.channel,
                    confirmation: queued.confirmation)
            } catch {
                queued.fail(error)
            }
            return
        }
        let buffered = record(queued) { () throws(AMQPError) in
            try LibRabbitMQConnection.encoding(LibRabbitMQReply.Context(operation: .publish, channel: queued.channel)) {
                () throws(CodecError) in try queued.write(into: frames)
            }
        }
        guard buffered else { return }
        if queued.confirmation == nil { unflushed.append((queued, frames.byteCount)) }
        if frames.byteCount >= SocketFrameWriter.flushThreshold { flushPublishes() }
    }

    /// Counts `queued` as published on its channel (in confirm mode it takes the next
    /// delivery tag and its confirm waits), as the state machine allows, once `write` has
    /// put its frames out; `false` when refused or when `write` failed (`queued` then hears
    /// why through its ``QueuedPublish/fail(_:)``).
    private func record(_ queued: QueuedPublish, after write: () throws(AMQPError) -> Void) -> Bool {
        do throws(AMQPError) {
            try perform(.publish, channel: queued.channel) { () throws(AMQPError) in
                if let refused = reading({ $0.publishRequested(queued.channel, confirmed: queued.confirmation != nil) }) {
                    throw refused
                }
                try write()
                machine.published(queued.channel, confirmation: queued.confirmation)
            }
            return true
        } catch {
            queued.fail(error)
            return false
        }
    }

    /// Encodes a publish's frames into the writer's buffer; a string or table the wire
    /// cannot carry is refused with the error librabbitmq's path gives (nothing buffered).
    private static func append(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16, to frames: SocketFrameWriter
    ) throws(AMQPError) {
        try LibRabbitMQConnection.encoding(LibRabbitMQReply.Context(operation: .publish, channel: channel)) { () throws(CodecError) in
            try frames.append(method, properties: properties, body: body, channel: channel)
        }
    }

    /// While this thread sleeps: what lets a caller write a publish itself
    /// (``DirectPublishPermit``), `nil` when nothing may be: over TLS, while not open or
    /// blocked, with bytes of this thread's own unwritten, or with no channel open.
    ///
    /// The channel lists of the last permit are reused while the channels read the same
    /// (``ConnectionStateMachine/directPublishChannelsAre(confirming:unconfirmed:)``): this
    /// runs before every sleep, once per message awaited one by one.
    func directPublishPermit(wakesBy: ContinuousClock.Instant) -> DirectPublishPermit? {
        confinement.assertOnIOThread()
        let socket = io.socketDescriptor
        guard let frames, frames.byteCount == 0, socket >= 0 else { return nil }
        if let last = lastPermit, last.socket == socket, last.frameMax == frames.frameMax,
            reading({ $0.directPublishChannelsAre(confirming: last.confirmingChannels, unconfirmed: last.unconfirmedChannels) })
        {
            return DirectPublishPermit(
                socket: socket, frameMax: last.frameMax, confirmingChannels: last.confirmingChannels,
                unconfirmedChannels: last.unconfirmedChannels, wakesBy: InlineInstant(wakesBy))
        }
        guard let channels = reading({ $0.directPublishChannels() }), !channels.confirming.isEmpty || !channels.unconfirmed.isEmpty
        else { return nil }
        let permit = DirectPublishPermit(
            socket: socket, frameMax: frames.frameMax, confirmingChannels: channels.confirming,
            unconfirmedChannels: channels.unconfirmed, wakesBy: InlineInstant(wakesBy))
        lastPermit = permit
        return permit
    }

    /// A publish a caller wrote while this thread slept (``ConnectionLoop/writeDirectly(_:)``):
    /// in confirm mode it takes its delivery tag and its confirm waits, as if written here;
    /// then `rest`, what the socket did not take at once, is written before anything else
    /// (a publish without confirms goes to its `failed` when that write fails).
    func publishWrittenDirectly(_ queued: QueuedPublish, rest: [UInt8]) {
        confinement.assertOnIOThread()
        // Already written. The permit the caller wrote under lists the channel as open (and
        // in confirm mode for a confirmed publish), and nothing was read since: no refusal
        // is expected here.
        _ = record(queued) {}
        guard !rest.isEmpty, let frames else { return }
        frames.append(bytes: rest)
        if queued.confirmation == nil { unflushed.append((queued, frames.byteCount)) }
        flushPublishes()
    }

    /// Writes what ``buffer(_:)`` buffered. A failed write fails the connection (as a
    /// failed librabbitmq send does): confirmed publishes hear it through their confirms,
    /// those without confirms whose frames did not all reach the socket through `failed`.
    private func flushPublishes() {
        guard let frames, frames.byteCount > 0 else { return }
        let failure = frames.flush(to: io.socketDescriptor)
        let written = unflushed
        unflushed.removeAll(keepingCapacity: true)
        guard let failure else { return }
        perform(machine.callFailed(failure.error, channel: nil))
        for (queued, end) in written where end > failure.writtenBytes {
            queued.fail(failure.error.reported(as: .publish, channel: queued.channel))
        }
    }

    private func refreshRefusals() {
        let (connection, channels) = machine.publishRefusals()
        refusals.update(connection: connection, channels: channels)
    }

    /// `basic.consume`, its deliveries going to `feed`.
    func consume(_ method: BasicConsume, channel: UInt16, feed: DeliveryFeed) throws(AMQPError) -> String {
        try perform(.consume, channel: channel) { () throws(AMQPError) -> String in
            if let refused = machine.consumeRequested(method, channel: channel, feed: feed) { throw refused }
            let tag: String
            do throws(AMQPError) {
                tag = try io.consume(method, channel: channel)
            } catch {
                machine.consumeFailed(requestedTag: method.consumerTag, channel: channel)
                throw error
            }
            machine.consumeStarted(requestedTag: method.consumerTag, tag: tag, channel: channel)
            return tag
        }
    }

    /// `basic.cancel`; the consumer's deliveries end normally.
    func cancel(consumerTag: String, channel: UInt16) throws(AMQPError) {
        try perform(.cancel, channel: channel) { () throws(AMQPError) in
            try io.cancel(consumerTag: consumerTag, channel: channel)
            machine.cancelled(consumerTag: consumerTag, channel: channel)?.finish()
        }
    }

    /// Ends a consumer whose deliveries are no longer read: cancels it when its channel
    /// is still open. Errors are dropped (nobody is waiting).
    func abandonConsumer(_ consumerTag: String, channel: UInt16) {
        confinement.assertOnIOThread()
        guard machine.hasConsumer(consumerTag, channel: channel) else { return }
        whenUnblocked(.cancel, channel: channel, patience: nil) { [self] in
            try? cancel(consumerTag: consumerTag, channel: channel)
        } expire: { _ in
        }
    }

    /// `basic.get`: its `get-ok` content is read by librabbitmq inside this one blocking
    /// call, so no frame of it reaches the state machine.
    func get(queue: String, autoAck: Bool, channel: UInt16) throws(AMQPError) -> FetchedMessage? {
        try perform(.get, channel: channel) { () throws(AMQPError) in
            if !autoAck { machine.manualGetRequested(channel: channel) }
            return try io.get(queue: queue, autoAck: autoAck, channel: channel)
        }
    }

    /// `basic.ack`.
    func ack(_ method: BasicAck, channel: UInt16) throws(AMQPError) {
        try perform(.ack, channel: channel) { () throws(AMQPError) in
            try io.ack(method, channel: channel)
            machine.deliverySettled(method.deliveryTag, multiple: method.multiple, channel: channel)
        }
    }

    /// Sends acks queued one after another (``AMQPConnection/queueAck(_:failed:)``), per
    /// channel as the state machine plans them: a run of them joined into one `multiple`
    /// ack only where that acknowledges exactly the same deliveries. On plain TCP they go
    /// out together in one `send(2)` (``SocketFrameWriter``), written before this returns.
    /// Each ack's `failed` hears the error of the method that carried it (of the write that
    /// failed the connection, on plain TCP). Acks go out while the broker blocks the
    /// connection (they free its memory).
    func sendQueuedAcks(_ acks: [QueuedAck]) {
        confinement.assertOnIOThread()
        var channels: [UInt16] = []
        var byChannel: [UInt16: [QueuedAck]] = [:]
        for ack in acks {
            if byChannel[ack.channel] == nil { channels.append(ack.channel) }
            byChannel[ack.channel, default: []].append(ack)
        }
        var buffered: [(method: BasicAck, channel: UInt16)] = []
        for channel in channels {
            let queued = byChannel[channel] ?? []
            for method in machine.coalescedAcks(queued.map(\.deliveryTag), channel: channel) {
                do throws(AMQPError) {
                    if let frames {
                        try perform(.ack, channel: channel) { () throws(AMQPError) in
                            frames.append(method, channel: channel)
                            machine.deliverySettled(method.deliveryTag, multiple: method.multiple, channel: channel)
                        }
                        buffered.append((method, channel))
                    } else {
                        try ack(method, channel: channel)
                    }
                } catch {
                    Self.fail(queued, carriedBy: method, error)
                }
            }
        }
        guard let frames, frames.byteCount > 0, let failure = frames.flush(to: io.socketDescriptor) else { return }
        perform(machine.callFailed(failure.error, channel: nil))
        for (method, channel) in buffered {
            Self.fail(byChannel[channel] ?? [], carriedBy: method, failure.error.reported(as: .ack, channel: channel))
        }
    }

    /// Tells the acks of `queued` that `method` carried that it failed with `error`.
    private static func fail(_ queued: [QueuedAck], carriedBy method: BasicAck, _ error: AMQPError) {
        for each in queued where method.multiple ? each.deliveryTag <= method.deliveryTag : each.deliveryTag == method.deliveryTag {
            each.failed(error)
        }
    }

    /// `basic.nack`.
    func nack(_ method: BasicNack, channel: UInt16) throws(AMQPError) {
        try perform(.nack, channel: channel) { () throws(AMQPError) in
            try io.nack(method, channel: channel)
            machine.deliverySettled(method.deliveryTag, multiple: method.multiple, channel: channel)
        }
    }

    /// `basic.reject`.
    func reject(_ method: BasicReject, channel: UInt16) throws(AMQPError) {
        try perform(.reject, channel: channel) { () throws(AMQPError) in
            try io.reject(method, channel: channel)
            machine.deliverySettled(method.deliveryTag, multiple: false, channel: channel)
        }
    }

    // MARK: Incoming frames and time

    /// Reads and handles the frames that are ready (at most a batch, so queued jobs are
    /// not starved), then tells the state machine what time it is.
    /// Returns the instant its timers were checked at, which the loop reuses for its own
    /// bookkeeping of the turn instead of reading the clock again.
    @discardableResult
    func pump() -> ContinuousClock.Instant {
        confinement.assertOnIOThread()
        guard reading({ $0.isOpen }) else { return .now }
        for _ in 0..<256 {
            let frame: IncomingFrame?
            do throws(AMQPError) {
                frame = try io.nextFrame()
            } catch {
                perform(machine.receiveFailed(error))
                return .now
            }
            guard let frame else { break }
            perform(machine.frameReceived(frame))
            guard reading({ $0.isOpen }) else { return .now }
            // Another try with nothing buffered costs a `recv` and a `poll` that find
            // nothing; the loop's next `poll(2)` tells whether more came.
            guard io.hasBufferedInput else { break }
        }
        let now = ContinuousClock.now
        let (confirms, expired) = machine.tick(at: now)
        for settled in confirms { settled.confirm.completion(settled.result) }
        for (request, error) in expired { request.expire(error) }
        return now
    }

    /// How long the thread may sleep from `now` (see ``ConnectionStateMachine/waitTimeout(from:)``).
    func waitTimeoutMilliseconds(from now: ContinuousClock.Instant = .now) -> Int32 {
        Int32(clamping: LibRabbitMQConnection.milliseconds(reading({ $0.waitTimeout(from: now) })))
    }
}
