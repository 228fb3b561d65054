import HutchConventions

/// The state of one connection, confined to its I/O thread (``ConnectionLoop``).
///
/// Knows which channels are open, which died and why, the connection's own failure,
/// pending confirms and consumers; turns the frames librabbitmq reads into deliveries,
/// confirms and closes. Every failure is classified by its scope: a call failure leaves
/// everything usable, a channel failure kills that channel, a connection failure kills all.
///
/// While the broker blocks the connection (`connection.blocked`) it has stopped reading
/// the socket: publishes and requests are held back (``whenUnblocked(_:channel:patience:readFirst:_:expire:)``)
/// instead of written, and fail with ``AMQPError/Code-swift.struct/connectionBlocked`` when
/// their time runs out; acks still go out. The connection stays open.
final class ConnectionCore {
    private let io = LibRabbitMQConnection()
    private var isOpen = false
    private var failure: AMQPError?
    private var heartbeat: UInt16 = 0
    private var rpcTimeout: Duration = .seconds(30)
    private var channels: [UInt16: ChannelState] = [:]
    private var deadChannels: [UInt16: AMQPError] = [:]
    /// The broker's `connection.blocked` reason, `nil` when not blocked.
    private var blockedReason: String?
    private let held = HeldWrites()
    private let blockedNotice: BlockedNotice

    init(blockedNotice: BlockedNotice) {
        self.blockedNotice = blockedNotice
    }

    /// The socket to wait on, -1 when closed.
    var socketDescriptor: Int32 { isOpen ? io.socketDescriptor : -1 }

    /// Whether frames or bytes are already buffered in librabbitmq.
    var hasBufferedInput: Bool { isOpen && io.hasBufferedInput }

    // MARK: Connecting and closing

    /// Opens the connection.
    func connect(_ options: ConnectionOptions) throws(AMQPError) -> (ServerProperties, ConnectionTuning) {
        let (server, tuning) = try io.open(options)
        heartbeat = tuning.heartbeat
        rpcTimeout = options.rpcTimeout
        isOpen = true
        return (server, tuning)
    }

    /// Closes every channel and the connection gracefully, ends consumers normally and
    /// fails pending confirms and held work. Idempotent. While the broker blocks the
    /// connection it would not read the closes: the socket is just closed.
    func shutdown() {
        guard isOpen else { return }
        if blockedReason == nil {
            for number in channels.keys.sorted() {
                try? io.closeChannel(number)
            }
            io.closeGracefully()
        }
        io.destroy()
        isOpen = false
        let open = channels
        channels = [:]
        for (number, channel) in open {
            channel.end(with: nil, channel: number)
        }
        runHeldWork()
    }

    // MARK: A blocked connection

    /// Runs `work` now or, while the broker blocks the connection, once it unblocks; when
    /// `patience` (the RPC timeout when `nil`) passes first, `expire` gets a
    /// ``AMQPError/Code-swift.struct/connectionBlocked`` error instead and nothing is sent.
    ///
    /// - Parameter readFirst: read the frames that have already arrived before deciding,
    ///   so a `connection.blocked` in flight is seen (for requests, which would otherwise
    ///   wait for a reply the broker will not send while blocked).
    func whenUnblocked(
        _ operation: AMQPError.Operation, channel: UInt16?, patience: Duration?, readFirst: Bool,
        _ work: @escaping () -> Void, expire: @escaping (AMQPError) -> Void
    ) {
        if readFirst, blockedReason == nil { pump() }
        guard isOpen, blockedReason != nil else { return work() }
        let patience = patience ?? rpcTimeout
        held.append(
            HeldWrites.Entry(
                deadline: .now + patience, patience: patience, operation: operation, channel: channel, run: work, expire: expire))
    }

    private func blocked(reason: String) {
        blockedReason = reason
        blockedNotice.set(reason)
    }

    private func unblocked() {
        blockedReason = nil
        blockedNotice.set(nil)
        runHeldWork()
    }

    /// Runs what was held back: it is sent now, or fails with the connection's failure.
    private func runHeldWork() {
        for entry in held.takeAll() { entry.run() }
    }

    private func expireHeldWork(at now: ContinuousClock.Instant) {
        for entry in held.takeExpired(at: now) {
            let reason = blockedReason ?? "no reason given"
            var error = AMQPError(
                code: .connectionBlocked, operation: entry.operation, channel: entry.channel,
                detail: "the broker blocked the connection (connection.blocked: \(reason)) and did not unblock it within "
                    + "\(entry.patience); nothing was sent, the connection stays open")
            error.blockedReason = reason
            entry.expire(error)
        }
    }

    // MARK: Running calls

    /// Runs `body` for `operation` on an open connection (and `channel`, when given),
    /// recording what a failure ended.
    func perform<T>(
        _ operation: AMQPError.Operation, channel: UInt16?, _ body: (ChannelState?) throws(AMQPError) -> T
    ) throws(AMQPError) -> T {
        if let failure { throw failure.reported(as: operation, channel: channel) }
        guard isOpen else { throw AMQPError(code: .connectionClosed, operation: operation, channel: channel, scope: .connection) }
        let state = try channel.map { number throws(AMQPError) in try openChannelState(number, operation) }
        do throws(AMQPError) {
            return try body(state)
        } catch {
            record(error, channel: channel)
            throw error
        }
    }

    private func openChannelState(_ number: UInt16, _ operation: AMQPError.Operation) throws(AMQPError) -> ChannelState {
        if let state = channels[number] { return state }
        if let dead = deadChannels[number] {
            var error = AMQPError(
                code: .channelClosed, operation: operation, channel: number, replyCode: dead.replyCode,
                replyText: dead.replyText, classID: dead.classID, methodID: dead.methodID,
                detail: "the channel was closed earlier (\(dead.code)); open it again")
            error.inequivalentArgument = dead.inequivalentArgument
            throw error
        }
        throw AMQPError(code: .channelClosed, operation: operation, channel: number, detail: "the channel is not open")
    }

    /// Applies what a failure ended.
    private func record(_ error: AMQPError, channel: UInt16?) {
        switch error.scope {
        case .call: break
        case .channel: if let channel { killChannel(channel, error) }
        case .connection: failConnection(error)
        }
    }

    private func killChannel(_ number: UInt16, _ error: AMQPError) {
        deadChannels[number] = error
        channels.removeValue(forKey: number)?.end(with: error, channel: number)
    }

    private func failConnection(_ error: AMQPError) {
        guard failure == nil else { return }
        var error = error
        error.scope = .connection
        failure = error
        isOpen = false
        io.destroy()
        let open = channels
        channels = [:]
        for (number, channel) in open.sorted(by: { $0.key < $1.key }) {
            channel.end(with: error, channel: number)
        }
        runHeldWork()
    }

    // MARK: Channels

    /// Opens channel `number` (again, after the broker closed it).
    func openChannel(_ number: UInt16) throws(AMQPError) {
        guard number != 0 else {
            throw AMQPError(code: .invalidArgument, operation: .openChannel, channel: 0, detail: "channel 0 is the connection's")
        }
        try perform(.openChannel, channel: nil) { _ throws(AMQPError) in
            guard channels[number] == nil else {
                throw AMQPError(code: .invalidArgument, operation: .openChannel, channel: number, detail: "the channel is already open")
            }
            do throws(AMQPError) {
                try io.openChannel(number)
            } catch {
                if error.scope == .channel { deadChannels[number] = error }
                throw error
            }
            deadChannels[number] = nil
            channels[number] = ChannelState()
        }
    }

    /// The lowest channel number that is not open.
    func freeChannelNumber(max: UInt16) throws(AMQPError) -> UInt16 {
        let limit = max == 0 ? UInt16.max : max
        var number: UInt16 = 1
        while channels[number] != nil {
            guard number < limit else {
                throw AMQPError(code: .invalidArgument, operation: .openChannel, detail: "all \(limit) channels are open")
            }
            number += 1
        }
        return number
    }

    /// Closes channel `number`; its consumers end normally.
    func closeChannel(_ number: UInt16) throws(AMQPError) {
        try perform(.closeChannel, channel: number) { state throws(AMQPError) in
            try io.closeChannel(number)
            channels[number] = nil
            state?.end(with: nil, channel: number)
        }
    }

    // MARK: Methods

    /// Sends a declaration (see ``LibRabbitMQConnection/declare(_:channel:)``).
    func declare(_ method: AMQPMethod, channel: UInt16) throws(AMQPError) -> QueueDeclareOK? {
        try perform(AMQPError.Operation(method.name), channel: channel) { _ throws(AMQPError) in
            try io.declare(method, channel: channel)
        }
    }

    /// `queue.delete`.
    func deleteQueue(_ queue: String, ifUnused: Bool, ifEmpty: Bool, channel: UInt16) throws(AMQPError) -> UInt32 {
        try perform(.queueDelete, channel: channel) { _ throws(AMQPError) in
            try io.deleteQueue(queue, ifUnused: ifUnused, ifEmpty: ifEmpty, channel: channel)
        }
    }

    /// `queue.purge`.
    func purgeQueue(_ queue: String, channel: UInt16) throws(AMQPError) -> UInt32 {
        try perform(.queuePurge, channel: channel) { _ throws(AMQPError) in try io.purgeQueue(queue, channel: channel) }
    }

    /// `exchange.delete`.
    func deleteExchange(_ exchange: String, ifUnused: Bool, channel: UInt16) throws(AMQPError) {
        try perform(.exchangeDelete, channel: channel) { _ throws(AMQPError) in
            try io.deleteExchange(exchange, ifUnused: ifUnused, channel: channel)
        }
    }

    /// `confirm.select`; idempotent.
    func confirmSelect(channel: UInt16) throws(AMQPError) {
        try perform(.confirmSelect, channel: channel) { state throws(AMQPError) in
            guard let state, !state.confirmMode else { return }
            try io.confirmSelect(channel: channel)
            state.confirmMode = true
        }
    }

    /// Publishes; in confirm mode the publish takes the next delivery tag and, when
    /// `confirmation` is given, waits for its confirm until `deadline`.
    func publish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16,
        confirmation: ChannelState.PendingConfirm?
    ) throws(AMQPError) {
        try perform(.publish, channel: channel) { state throws(AMQPError) in
            guard let state else { return }
            if confirmation != nil, !state.confirmMode {
                throw AMQPError(
                    code: .notInConfirmMode, operation: .publish, channel: channel,
                    detail: "call confirmSelect(on:) before publishConfirmed")
            }
            try io.publish(method, properties: properties, body: body, channel: channel)
            guard state.confirmMode else { return }
            let tag = state.nextPublishTag
            state.nextPublishTag += 1
            if let confirmation { state.pendingConfirms[tag] = confirmation }
        }
    }

    /// `basic.consume`, its deliveries going to `feed`.
    func consume(_ method: BasicConsume, channel: UInt16, feed: DeliveryFeed) throws(AMQPError) -> String {
        try perform(.consume, channel: channel) { state throws(AMQPError) -> String in
            guard let state else { return method.consumerTag }
            guard state.consumers[method.consumerTag] == nil || method.consumerTag.isEmpty else {
                throw AMQPError(
                    code: .invalidArgument, operation: .consume, channel: channel,
                    detail: "consumer tag \(method.consumerTag) is already in use on this channel")
            }
            // Registered before the RPC: deliveries read while waiting for consume-ok are
            // queued by librabbitmq and handed out after it.
            state.consumers[method.consumerTag] = feed
            let tag: String
            do throws(AMQPError) {
                tag = try io.consume(method, channel: channel)
            } catch {
                state.consumers[method.consumerTag] = nil
                throw error
            }
            if tag != method.consumerTag {
                state.consumers[method.consumerTag] = nil
                state.consumers[tag] = feed
            }
            return tag
        }
    }

    /// `basic.cancel`; the consumer's deliveries end normally.
    func cancel(consumerTag: String, channel: UInt16) throws(AMQPError) {
        try perform(.cancel, channel: channel) { state throws(AMQPError) in
            try io.cancel(consumerTag: consumerTag, channel: channel)
            state?.consumers.removeValue(forKey: consumerTag)?.finish()
        }
    }

    /// Ends a consumer whose deliveries are no longer read: cancels it when its channel
    /// is still open. Errors are dropped (nobody is waiting).
    func abandonConsumer(_ consumerTag: String, channel: UInt16) {
        guard isOpen, let state = channels[channel], state.consumers[consumerTag] != nil else { return }
        whenUnblocked(.cancel, channel: channel, patience: nil, readFirst: true) { [self] in
            try? cancel(consumerTag: consumerTag, channel: channel)
        } expire: { _ in }
    }

    /// `basic.get`.
    func get(queue: String, autoAck: Bool, channel: UInt16) throws(AMQPError) -> FetchedMessage? {
        try perform(.get, channel: channel) { _ throws(AMQPError) in try io.get(queue: queue, autoAck: autoAck, channel: channel) }
    }

    /// `basic.ack`.
    func ack(_ method: BasicAck, channel: UInt16) throws(AMQPError) {
        try perform(.ack, channel: channel) { _ throws(AMQPError) in try io.ack(method, channel: channel) }
    }

    /// `basic.nack`.
    func nack(_ method: BasicNack, channel: UInt16) throws(AMQPError) {
        try perform(.nack, channel: channel) { _ throws(AMQPError) in try io.nack(method, channel: channel) }
    }

    /// `basic.reject`.
    func reject(_ method: BasicReject, channel: UInt16) throws(AMQPError) {
        try perform(.reject, channel: channel) { _ throws(AMQPError) in try io.reject(method, channel: channel) }
    }

    // MARK: Incoming frames

    /// Reads and handles the frames that are ready (at most a batch, so queued jobs are
    /// not starved), then fails confirms whose time is up.
    func pump() {
        guard isOpen else { return }
        for _ in 0..<256 {
            let frame: IncomingFrame?
            do throws(AMQPError) {
                frame = try io.nextFrame()
            } catch {
                failConnection(error)
                return
            }
            guard let frame else { break }
            handle(frame)
            guard isOpen else { return }
        }
        expireConfirms()
        if !held.isEmpty { expireHeldWork(at: .now) }
    }

    private func handle(_ frame: IncomingFrame) {
        switch frame {
        case .method(let number, let method):
            handle(method, channel: number)
        case .header(let number, let properties, let bodySize):
            guard let state = channels[number], var content = state.content, content.bodySize == nil else { return }
            content.properties = properties
            content.bodySize = bodySize
            content.body.reserveCapacity(Int(clamping: min(bodySize, 64 << 20)))
            state.content = content
            completeIfDone(state, channel: number)
        case .body(let number, let bytes):
            guard let state = channels[number], state.content?.bodySize != nil else { return }
            state.content?.body.append(contentsOf: bytes)
            completeIfDone(state, channel: number)
        }
    }

    private func handle(_ method: IncomingMethod, channel number: UInt16) {
        let context = LibRabbitMQReply.Context(operation: .receive, channel: number)
        switch method {
        case .deliver(let deliver):
            channels[number]?.content = ChannelState.Content(deliver: deliver)
        case .returned(let code, let text):
            channels[number]?.markReturned("\(code) \(text)")
            channels[number]?.content = ChannelState.Content(deliver: nil)
        case .ack(let ack):
            channels[number]?.settle(deliveryTag: ack.deliveryTag, multiple: ack.multiple, with: .success(()))
        case .nack(let nack):
            let error = AMQPError(code: .publishNacked, operation: .waitForConfirm, channel: number)
            channels[number]?.settle(deliveryTag: nack.deliveryTag, multiple: nack.multiple, with: .failure(error))
        case .channelClose(let close):
            io.sendCloseOK(channel: number)
            killChannel(number, LibRabbitMQReply.error(close: close, connectionLevel: false, context))
        case .connectionClose(let close):
            io.sendConnectionCloseOK()
            failConnection(LibRabbitMQReply.error(close: close, connectionLevel: true, context))
        case .connectionBlocked(let reason):
            blocked(reason: reason)
        case .connectionUnblocked:
            unblocked()
        case .consumerCancelled(let tag):
            let error = AMQPError(
                code: .consumerCancelledByBroker, operation: .receive, channel: number,
                detail: "consumer \(tag) was cancelled by the broker")
            channels[number]?.consumers.removeValue(forKey: tag)?.finish(throwing: error)
        case .other:
            break
        }
    }

    private func completeIfDone(_ state: ChannelState, channel: UInt16) {
        guard let content = state.content, let size = content.bodySize, UInt64(content.body.count) >= size else { return }
        state.content = nil
        guard let deliver = content.deliver, let consumer = state.consumers[deliver.consumerTag] else { return }
        consumer.yield(
            IncomingDelivery(
                channel: channel, consumerTag: deliver.consumerTag, deliveryTag: deliver.deliveryTag,
                redelivered: deliver.redelivered, exchange: deliver.exchange, routingKey: deliver.routingKey,
                properties: content.properties, body: content.body))
    }

    private func expireConfirms() {
        let now = ContinuousClock.now
        for (number, state) in channels where !state.pendingConfirms.isEmpty {
            let expired = state.pendingConfirms.filter { $0.value.deadline <= now }.keys.sorted()
            for tag in expired {
                guard let pending = state.pendingConfirms.removeValue(forKey: tag) else { continue }
                pending.completion(
                    .failure(
                        AMQPError(
                            code: .confirmTimeout, operation: .waitForConfirm, channel: number,
                            detail: "no basic.ack or basic.nack for delivery tag \(tag)")))
            }
        }
    }

    /// How long the thread may sleep: until the next heartbeat is due to be sent (half
    /// the interval, at most a second), the earliest confirm deadline or the earliest
    /// deadline of held work.
    func waitTimeoutMilliseconds() -> Int32 {
        guard isOpen else { return 1000 }
        var milliseconds: Int64 = heartbeat > 0 ? min(1000, Int64(heartbeat) * 500) : 1000
        let now = ContinuousClock.now
        func wake(at deadline: ContinuousClock.Instant) {
            milliseconds = min(milliseconds, max(0, LibRabbitMQConnection.milliseconds(now.duration(to: deadline)) + 1))
        }
        for state in channels.values {
            for pending in state.pendingConfirms.values { wake(at: pending.deadline) }
        }
        if let deadline = held.earliestDeadline { wake(at: deadline) }
        return Int32(milliseconds)
    }
}
