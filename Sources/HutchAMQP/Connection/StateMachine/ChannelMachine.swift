import HutchConventions

/// The state of one channel the client opened, part of ``ConnectionStateMachine``: its
/// phase, the publishes waiting for their confirm, its consumers, and the message being
/// assembled from frames. A value; only the state machine changes it.
struct ChannelMachine {
    /// Where the channel is in its life.
    ///
    /// A channel the broker closed, or that died with its connection, is no longer a
    /// `ChannelMachine`: the state machine keeps only the error (``ConnectionStateMachine/ChannelEnd``).
    /// There is no "opening" phase: librabbitmq's `channel.open` is one blocking call on
    /// the I/O thread, so nothing can observe a channel between `open` and `open-ok`.
    enum Phase: Equatable {
        /// Open; publishes are not confirmed.
        case open
        /// Open after `confirm.select`: every publish takes the next delivery tag.
        case confirmMode
        /// `channel.close` sent by the client.
        case closing
    }

    /// A message arriving in frames: the method, then the header, then body frames.
    struct Content {
        /// `nil` for a `basic.return`.
        var deliver: BasicDeliver?
        /// The `basic.return` whose message this is; `nil` for a delivery.
        var returned: BasicReturn?
        /// The confirms the return marked (``markReturned(_:)``), narrowed by message id
        /// once the header is read.
        var markedTags: [UInt64] = []
        var properties = BasicProperties()
        var bodySize: UInt64?
        var body: [UInt8] = []
    }

    var phase: Phase
    /// The delivery tag the next publish gets in confirm mode (the broker counts from 1).
    var nextPublishTag: UInt64 = 1
    /// Confirmed publishes by delivery tag.
    var pendingConfirms: [UInt64: ConnectionStateMachine.PendingConfirm] = [:]
    /// Every delivery tag below it has its confirm settled or none waited for it: a
    /// `multiple` ack or nack looks at the tags from here up (each tag once over the
    /// channel's life), not at every pending confirm.
    var settledBelow: UInt64 = 1
    /// Consumers by tag.
    var consumers: [String: DeliveryFeed] = [:] {
        didSet { lastConsumer = nil }
    }
    /// The consumer the last delivery went to: a channel's deliveries mostly go to one
    /// consumer, and comparing its tag costs less than hashing it for ``consumers``.
    /// Forgotten whenever ``consumers`` changes; set only by `consumer(_:)`.
    var lastConsumer: (tag: String, feed: DeliveryFeed)?
    /// Who receives the messages the broker returns here; `nil`: they are dropped.
    var returnHandler: ConnectionStateMachine.ReturnHandler?
    /// The message in progress.
    var content: Content?
    /// The delivery tags handed to consumers with manual acknowledgement and not yet
    /// acknowledged, rejected or nacked by the client, ascending (the broker counts up).
    var unsettled: [UInt64] = []
    /// Consumers with `no-ack`: their deliveries need no settling.
    var autoAckConsumers: Set<String> = []
    /// False once a manual-ack `basic.get` ran here: librabbitmq reads its `get-ok` inside
    /// the blocking call, so its tag is not in ``unsettled`` and no ack may be widened.
    var knowsEveryUnsettledTag = true

    /// Whether `confirm.select` was done.
    var confirmMode: Bool { phase == .confirmMode }

    /// A publish was written: in confirm mode it takes the next delivery tag, on which
    /// `confirmation` (when given) waits.
    mutating func recordPublish(_ confirmation: ConnectionStateMachine.PendingConfirm?) {
        guard confirmMode else { return }
        let tag = nextPublishTag
        nextPublishTag += 1
        if let confirmation { pendingConfirms[tag] = confirmation }
    }

    /// A complete message: a delivery for a consumer's feed, or a returned message for
    /// the return handler.
    enum Completed {
        case delivery(DeliveryFeed, IncomingDelivery)
        case returned(ConnectionStateMachine.ReturnHandler, ReturnedMessage)
    }

    /// A content header arrived for the message in progress: the message when its body is
    /// empty, else `nil` (the body follows). The header of a returned message narrows the
    /// confirms its return marked to those with its `message_id`.
    ///
    /// The message in progress is changed in place (`content?.…`), never copied out and
    /// back: a copy costs a retain and a release of each of its strings and arrays.
    mutating func receiveHeader(_ properties: BasicProperties, bodySize: UInt64, channel: UInt16) -> Completed? {
        guard content != nil, content?.bodySize == nil else { return nil }
        if content?.returned != nil, let returnedID = properties.messageID {
            for tag in content?.markedTags ?? [] {
                guard let sent = pendingConfirms[tag]?.messageID, sent != returnedID else { continue }
                pendingConfirms[tag]?.returned = nil
            }
        }
        content?.properties = properties
        content?.bodySize = bodySize
        return takeIfComplete(channel: channel)
    }

    /// A body frame arrived for the message in progress: the delivery for its consumer's
    /// feed once the body is whole, else `nil`. A body in one frame (the usual case) is
    /// that frame's bytes, not a copy of them.
    mutating func receiveBody(_ bytes: [UInt8], channel: UInt16) -> Completed? {
        guard let size = content?.bodySize else { return nil }
        if content?.body.isEmpty == true, UInt64(bytes.count) >= size {
            content?.body = bytes
        } else {
            if content?.body.isEmpty == true { content?.body.reserveCapacity(Int(clamping: min(size, 64 << 20))) }
            content?.body.append(contentsOf: bytes)
        }
        return takeIfComplete(channel: channel)
    }

    /// Takes the message in progress once its body is whole: its delivery (unless its
    /// consumer is gone), or a returned message for the return handler (dropped without
    /// one). An incomplete message stays where it is.
    private mutating func takeIfComplete(channel: UInt16) -> Completed? {
        guard let size = content?.bodySize, let received = content?.body.count, UInt64(received) >= size,
            var current = content.take()
        else { return nil }
        // The properties and body moved out, not copied (a copy retains and releases each
        // of their strings and arrays).
        var properties = BasicProperties()
        swap(&properties, &current.properties)
        var body: [UInt8] = []
        swap(&body, &current.body)
        if let returned = current.returned {
            guard let returnHandler else { return nil }
            return .returned(returnHandler, ReturnedMessage(method: returned, properties: properties, body: body))
        }
        guard let deliver = current.deliver else { return nil }
        // Also when its consumer is gone: the broker still counts it as unacknowledged.
        if !autoAckConsumers.contains(deliver.consumerTag) { unsettled.append(deliver.deliveryTag) }
        guard let feed = consumer(deliver.consumerTag) else { return nil }
        let delivery = IncomingDelivery(
            channel: channel, consumerTag: deliver.consumerTag, deliveryTag: deliver.deliveryTag,
            redelivered: deliver.redelivered, exchange: deliver.exchange, routingKey: deliver.routingKey,
            properties: properties, body: body)
        return .delivery(feed, delivery)
    }

    /// The feed of consumer `tag`, `nil` when it is gone.
    private mutating func consumer(_ tag: String) -> DeliveryFeed? {
        if let last = lastConsumer, last.tag == tag { return last.feed }
        guard let feed = consumers[tag] else { return nil }
        lastConsumer = (tag, feed)
        return feed
    }

    /// The client acknowledged, rejected or nacked `deliveryTag` (with `multiple`, every
    /// earlier one too).
    mutating func deliverySettled(_ deliveryTag: UInt64, multiple: Bool) {
        if multiple {
            let covered = deliveryTag == .max ? unsettled.count : firstUnsettled(atLeast: deliveryTag + 1)
            unsettled.removeSubrange(..<covered)
        } else if isUnsettled(deliveryTag) {
            unsettled.remove(at: firstUnsettled(atLeast: deliveryTag))
        }
    }

    /// The index of the first unsettled tag ≥ `tag` (binary search: the tags ascend).
    private func firstUnsettled(atLeast tag: UInt64) -> Int {
        var low = 0
        var high = unsettled.count
        while low < high {
            let middle = (low + high) / 2
            if unsettled[middle] < tag { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func isUnsettled(_ tag: UInt64) -> Bool {
        let index = firstUnsettled(atLeast: tag)
        return index < unsettled.count && unsettled[index] == tag
    }

    /// The acks to send for single acks of `tags` queued one after another: when the lowest
    /// unsettled tags are all among them, those become one `multiple` ack of the highest —
    /// the broker then acknowledges exactly the same deliveries — and the other tags keep
    /// their single acks, in order. Unchanged singles whenever that is not exactly
    /// equivalent: a tag not unsettled (a second ack of it is the broker's error to report),
    /// a tag twice, a `basic.get` tag unknown here, or fewer than two tags to join.
    func coalescedAcks(_ tags: [UInt64]) -> [BasicAck] {
        let singles = tags.map { BasicAck(deliveryTag: $0, multiple: false) }
        let requested = Set(tags)
        guard knowsEveryUnsettledTag, tags.count > 1, requested.count == tags.count,
            requested.allSatisfy(isUnsettled)
        else { return singles }
        var covered = 0
        while covered < unsettled.count, requested.contains(unsettled[covered]) { covered += 1 }
        guard covered > 1 else { return singles }
        let top = unsettled[covered - 1]
        return [BasicAck(deliveryTag: top, multiple: true)] + singles.filter { $0.deliveryTag > top }
    }

    /// A `basic.return` arrived: the broker sends it before the `basic.ack` of the same
    /// mandatory publish. The method alone does not say which publish it is, so each
    /// waiting confirm that fails when returned and is not marked yet is marked (never a
    /// false success); the returned message's header then unmarks those whose
    /// `message_id` differs (Hutch gives every message one). Returns the marked tags.
    mutating func markReturned(_ method: BasicReturn) -> [UInt64] {
        var marked: [UInt64] = []
        for (tag, pending) in pendingConfirms where pending.failsWhenReturned && pending.returned == nil {
            pendingConfirms[tag]?.returned = method
            marked.append(tag)
        }
        return marked
    }

    /// Takes the confirms a `basic.ack` / `basic.nack` covers, settled with `result`, in
    /// ascending tag order; an ack of a confirm marked returned fails it with `publishReturned`.
    mutating func settle(
        channel: UInt16, deliveryTag: UInt64, multiple: Bool, with result: Result<Void, AMQPError>
    ) -> ConnectionStateMachine.SettledConfirms {
        func settled(_ tag: UInt64, _ pending: ConnectionStateMachine.PendingConfirm) -> ConnectionStateMachine.SettledConfirm {
            var outcome = result
            if case .success = result, let returned = pending.returned {
                outcome = .failure(AMQPError.publishReturned(returned, channel: channel, deliveryTag: tag))
            } else if case .failure(var error) = result {
                error.detail = "the broker nacked delivery tag \(tag)" + (multiple ? " (multiple up to \(deliveryTag))" : "")
                outcome = .failure(error)
            }
            return .init(channel: channel, deliveryTag: tag, confirm: pending, result: outcome)
        }
        // One tag (a publish awaited alone): no list of tags, no array.
        guard multiple else {
            if deliveryTag == settledBelow { settledBelow += 1 }
            guard let pending = pendingConfirms.removeValue(forKey: deliveryTag) else { return .init([]) }
            return .init(settled(deliveryTag, pending))
        }
        // The tags from the lowest one not known settled up to the ack's (no further than
        // the last tag given out: a broker's tag beyond it covers nothing more).
        let last = min(deliveryTag, nextPublishTag - 1)
        guard settledBelow <= last else { return .init([]) }
        var all: [ConnectionStateMachine.SettledConfirm] = []
        all.reserveCapacity(Int(clamping: min(UInt64(pendingConfirms.count), last - settledBelow + 1)))
        for tag in settledBelow...last {
            guard !pendingConfirms.isEmpty else { break }
            if let pending = pendingConfirms.removeValue(forKey: tag) { all.append(settled(tag, pending)) }
        }
        settledBelow = last + 1
        return .init(all)
    }

    /// Takes every pending confirm and consumer: confirms fail, consumers end normally
    /// when `error` is `nil`, else as "channel died".
    mutating func end(with error: AMQPError?, channel: UInt16, into endings: inout ConnectionStateMachine.Endings) {
        for tag in pendingConfirms.keys.sorted() {
            guard let pending = pendingConfirms.removeValue(forKey: tag) else { continue }
            let failure =
                error?.reported(as: .waitForConfirm, channel: channel)
                ?? AMQPError(code: .channelClosed, operation: .waitForConfirm, channel: channel)
            endings.confirms.append(.init(channel: channel, deliveryTag: tag, confirm: pending, result: .failure(failure)))
        }
        for tag in consumers.keys.sorted() {
            guard let feed = consumers.removeValue(forKey: tag) else { continue }
            endings.feeds.append((feed, error?.reported(as: .receive, channel: channel)))
        }
    }

    /// Takes the confirms whose deadline is `now` or earlier, failed with `confirmTimeout`;
    /// `next` is the earliest deadline of the confirms still pending.
    mutating func expireConfirms(
        channel: UInt16, at now: ContinuousClock.Instant
    ) -> (expired: [ConnectionStateMachine.SettledConfirm], next: InlineInstant?) {
        let now = InlineInstant(now)
        var next: InlineInstant?
        var due = false
        for pending in pendingConfirms.values {
            if pending.expiry <= now { due = true } else { next = min(next ?? pending.expiry, pending.expiry) }
        }
        guard due else { return ([], next) }
        let tags = pendingConfirms.filter { $0.value.expiry <= now }.keys.sorted()
        let expired = tags.compactMap { tag -> ConnectionStateMachine.SettledConfirm? in
            guard let pending = pendingConfirms.removeValue(forKey: tag) else { return nil }
            let error = AMQPError(
                code: .confirmTimeout, operation: .waitForConfirm, channel: channel,
                detail: "no basic.ack or basic.nack for delivery tag \(tag)")
            return .init(channel: channel, deliveryTag: tag, confirm: pending, result: .failure(error))
        }
        return (expired, next)
    }
}
