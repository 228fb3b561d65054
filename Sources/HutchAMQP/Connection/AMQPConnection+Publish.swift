import HutchConventions

extension AMQPConnection {
    /// Publishes a message (`basic.publish`, content header, body frames split by the
    /// negotiated frame size). Returns once the frames are written; the broker's
    /// verdict comes only in confirm mode (``publishConfirmed(_:properties:body:on:timeout:blockedTimeout:failWhenUnroutable:)``).
    ///
    /// Publishing to a missing exchange makes the broker close the channel
    /// asynchronously: the next call on the channel reports it.
    ///
    /// While the broker blocks the connection (``isBlocked``) nothing is written: the
    /// publish waits for `connection.unblocked` up to `blockedTimeout`, then throws
    /// ``AMQPError/Code-swift.struct/connectionBlocked`` (with the broker's
    /// ``AMQPError/blockedReason``). The I/O thread never waits on it.
    package nonisolated(nonsending) func publish(
        _ method: BasicPublish, properties: BasicProperties = BasicProperties(), body: [UInt8], on channel: UInt16,
        blockedTimeout: Duration = .seconds(30)
    ) async throws(AMQPError) {
        try await run(.publish, channel: channel, blockedTimeout: blockedTimeout) { core throws(AMQPError) in
            try core.publish(method, properties: properties, body: body, channel: channel, confirmation: nil)
        }
    }

    /// Publishes without waiting for the I/O thread to write the message: it is queued to
    /// the connection's I/O thread, which writes everything queued in one turn of its loop
    /// together (one wake-up for many messages), in the order queued (per channel, and
    /// interleaved in order with every other call on the connection). While that thread
    /// sleeps with nothing queued, the caller writes the message itself
    /// (``DirectPublishPermit``): nobody is woken.
    ///
    /// The call returns once the message is queued, so what the I/O thread meets later
    /// cannot be thrown: a message that is not written (its channel or the connection
    /// died first, or the broker blocked the connection past `blockedTimeout`) is handed
    /// with the error to `failed`, on the I/O thread (keep it short, never block). What is
    /// known when the call is made is thrown as ``publish(_:properties:body:on:blockedTimeout:)``
    /// throws it: a channel the broker closed (404 for a missing exchange: the call after the
    /// I/O thread read the `channel.close`), a failed or closed connection, a string or table
    /// the wire cannot carry (``AMQPError/Code-swift.struct/invalidArgument``).
    ///
    /// On plain TCP the caller encodes the message's frames before it queues them
    /// (``QueuedPublish/Content/frames(_:)``): the I/O thread only copies them out, and the
    /// message's properties and body are freed on the caller's thread, where they were made.
    ///
    /// Bounded: when more than 256 KiB of queued messages are not written yet the call waits
    /// until the I/O thread has taken enough of them. While the broker blocks the
    /// connection (``isBlocked``) it does what ``publish(_:properties:body:on:blockedTimeout:)``
    /// does: waits for `connection.unblocked` up to `blockedTimeout`, then throws
    /// ``AMQPError/Code-swift.struct/connectionBlocked``.
    ///
    /// As with any publish without confirms, a message written just before the connection
    /// fails can be lost without an error: only confirms tell.
    package nonisolated(nonsending) func queuePublish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16, blockedTimeout: Duration,
        failed: @escaping @Sendable (OutgoingMessage, AMQPError) -> Void
    ) async throws(AMQPError) {
        if isBlocked {
            return try await publish(method, properties: properties, body: body, on: channel, blockedTimeout: blockedTimeout)
        }
        if let refused = loop.publishRefusals.refusal(channel: channel) { throw refused }
        // Written here while the I/O thread sleeps (nothing to reserve then, no wake-up).
        let written = loop.writeDirectly(method, properties: properties, body: body, channel: channel, confirmExpiry: nil) {
            QueuedPublish(
                .message(OutgoingMessage(method, properties: properties, body: body)), channel: channel, blockedTimeout: blockedTimeout,
                failed: failed)
        }
        if written { return }
        let queued = QueuedPublish(
            try content(method, properties: properties, body: body, on: channel), channel: channel, blockedTimeout: blockedTimeout,
            reservesBacklog: true, failed: failed)
        let bytes = queued.reservedBytes
        if try !loop.publishBacklog.tryReserve(bytes) { try await loop.publishBacklog.reserve(bytes) }
        if let rejected = loop.submit(queued) {
            loop.publishBacklog.release(bytes)
            throw rejected.reported(as: .publish, channel: channel)
        }
    }

    /// Hands every message the broker returns on `channel` (`basic.return` of a
    /// `mandatory` publish no queue is bound for) to `handler`, confirmed or not; `nil`
    /// drops them again (the default). The handler runs on the connection's I/O thread:
    /// keep it short (yield to an `AsyncStream`). It lasts as long as the channel.
    ///
    /// ```swift
    /// let (returns, continuation) = AsyncStream.makeStream(of: ReturnedMessage.self)
    /// try await connection.onReturn(channel: channel) { continuation.yield($0) }
    /// ```
    package func onReturn(channel: UInt16, _ handler: (@Sendable (ReturnedMessage) -> Void)?) async throws(AMQPError) {
        try await run(.publish, channel: channel) { core throws(AMQPError) in try core.setReturnHandler(handler, channel: channel) }
    }

    /// Puts the channel in confirm mode (`confirm.select`); idempotent.
    package func confirmSelect(on channel: UInt16) async throws(AMQPError) {
        try await run(.confirmSelect, channel: channel) { core throws(AMQPError) in try core.confirmSelect(channel: channel) }
    }

    /// Publishes on a channel in confirm mode and waits for the broker's `basic.ack`
    /// (a `multiple` ack covers it too), as Hutch's `force_publisher_confirms` does.
    ///
    /// `timeout` counts from the call. While the broker blocks the connection the message
    /// is not written; it waits for `connection.unblocked` up to `blockedTimeout` (see
    /// ``publish(_:properties:body:on:blockedTimeout:)``).
    ///
    /// With `failWhenUnroutable` the message is published `mandatory` and a `basic.return`
    /// (no queue bound for the routing key) makes the call throw
    /// ``AMQPError/Code-swift.struct/publishReturned`` (with ``AMQPError/returned``:
    /// reply code and text, exchange, routing key) where the broker's `basic.ack` alone
    /// would report success for a message that went nowhere. The return is matched to the
    /// publish by `properties.messageID` (Hutch sets one on every message); publishes
    /// without one cannot be told apart, so a return fails each of those in flight on the
    /// channel: an error may then be reported for a message that was routed, never the reverse.
    ///
    /// - Throws: ``AMQPError/Code-swift.struct/publishNacked`` for a `basic.nack`,
    ///   ``AMQPError/Code-swift.struct/publishReturned`` for a returned publish (with `failWhenUnroutable`),
    ///   ``AMQPError/Code-swift.struct/confirmTimeout`` when neither arrives within `timeout`,
    ///   ``AMQPError/Code-swift.struct/connectionBlocked`` when the broker kept the
    ///   connection blocked for `blockedTimeout`,
    ///   ``AMQPError/Code-swift.struct/notInConfirmMode`` without ``confirmSelect(on:)``, or the
    ///   error that closed the channel (e.g. 404 for a missing exchange) or connection.
    package nonisolated(nonsending) func publishConfirmed(
        _ method: BasicPublish, properties: BasicProperties = BasicProperties(), body: [UInt8], on channel: UInt16,
        timeout: Duration = .seconds(30), blockedTimeout: Duration = .seconds(30), failWhenUnroutable: Bool = false
    ) async throws(AMQPError) {
        // Unchecked: the continuation is resumed by the confirmation's completion, and a
        // confirmation completes once by construction: while not written it belongs to the
        // `QueuedPublish` alone (failed at most once, on the one path that gives it up:
        // refused, failed write, expired while blocked, or not queued), once recorded to the
        // state machine alone, which removes it as it settles it (ack, nack, timeout,
        // failure). The checked one allocated a canary per publish, and a closure around the
        // continuation a context per publish (``ConfirmCompletion/resume(_:)`` holds it inline).
        let result: Result<Void, AMQPError> = await withUnsafeContinuation { continuation in
            startConfirmed(
                method, properties: properties, body: body, on: channel, timeout: timeout, blockedTimeout: blockedTimeout,
                failWhenUnroutable: failWhenUnroutable, completion: .resume(continuation))
        }
        try result.get()
    }

    /// Writes or queues the confirmed publish of ``publishConfirmed(_:properties:body:on:timeout:blockedTimeout:failWhenUnroutable:)``,
    /// whose `completion` ends its wait.
    ///
    /// Synchronous and not inlined: what it builds lives on the thread's stack, not in the
    /// async frame of the publish, which each waiting publish holds until its `basic.ack`
    /// (976 bytes with this inlined, 224 without). A task allocates its frames from slabs of
    /// about 1 KB, a new one for each frame that does not fit what is left of the current:
    /// a task made for one confirmed publish allocated five slabs, now three.
    @inline(never)
    private func startConfirmed(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16, timeout: Duration,
        blockedTimeout: Duration, failWhenUnroutable: Bool, completion: ConfirmCompletion
    ) {
        var mandatory = method
        if failWhenUnroutable { mandatory.mandatory = true }
        let deadline = ContinuousClock.now + timeout
        let confirmation = ConnectionStateMachine.PendingConfirm(
            deadline: deadline, completion: completion, failsWhenReturned: failWhenUnroutable, messageID: properties.messageID)
        // Written here while the I/O thread sleeps (no wake-up on the way out), else by
        // that thread with whatever else is queued in the same turn of its loop. Written
        // here, the thread is left only the confirm to await (no frames: the socket's rest,
        // if any, travels beside it): the message stays with its caller, who made it and
        // frees it, instead of being retained for the thread and released there when the
        // `basic.ack` wakes it, before it reads the ack.
        let written = loop.writeDirectly(
            mandatory, properties: properties, body: body, channel: channel, confirmExpiry: InlineInstant(deadline)
        ) { QueuedPublish(.frames([]), channel: channel, blockedTimeout: blockedTimeout, confirmation: confirmation) }
        if written { return }
        // Its parts as given: the I/O thread encodes them (the caller waits for the confirm
        // in any case).
        let queued = QueuedPublish(
            .message(OutgoingMessage(mandatory, properties: properties, body: body)), channel: channel, blockedTimeout: blockedTimeout,
            confirmation: confirmation)
        if let rejected = loop.submit(queued) { completion(.failure(rejected.reported(as: .publish, channel: channel))) }
    }

    /// Publishes `messages` on a channel in confirm mode, all at once, and waits until each
    /// has its answer: what ``publishConfirmed(_:properties:body:on:timeout:blockedTimeout:failWhenUnroutable:)``
    /// would have returned or thrown for it, in the order given. They are queued to the I/O
    /// thread together (one wake-up, written in one turn of its loop, in order), and the
    /// caller is resumed once, when the last answer came, instead of once per message.
    ///
    /// A `mandatory` message fails with ``AMQPError/Code-swift.struct/publishReturned``
    /// when the broker returns it (`failWhenUnroutable`). `timeout` counts from the call, for
    /// every message; so does `blockedTimeout` while the broker blocks the connection.
    package nonisolated(nonsending) func publishConfirmedAll(
        _ messages: [OutgoingMessage], on channel: UInt16, timeout: Duration = .seconds(30), blockedTimeout: Duration = .seconds(30)
    ) async -> [Result<Void, AMQPError>] {
        guard !messages.isEmpty else { return [] }
        let deadline = ContinuousClock.now + timeout
        return await withCheckedContinuation { continuation in
            let batch = ConfirmedBatch(count: messages.count) { continuation.resume(returning: $0) }
            // Their parts as given, encoded by the I/O thread as it writes them: encoding them
            // here first cost more (an array each) than it saved.
            let queued = messages.indices.map { index in
                let message = messages[index]
                return QueuedPublish(
                    .message(message), channel: channel, blockedTimeout: blockedTimeout,
                    confirmation: ConnectionStateMachine.PendingConfirm(
                        deadline: deadline, completion: .batch(batch, index: index), failsWhenReturned: message.mandatory,
                        messageID: message.properties.messageID))
            }
            if let rejected = loop.submit(queued) {
                let error = rejected.reported(as: .publish, channel: channel)
                for index in messages.indices { batch.settle(index, .failure(error)) }
            }
        }
    }

    /// What a publish queues: its frames, encoded here on a plain TCP connection
    /// (``callerFrameMax``), where the caller's thread encodes them and keeps (and frees) the
    /// message's parts, or the message for librabbitmq to encode over TLS.
    ///
    /// - Throws: for a string or table the wire cannot carry, the error the I/O thread's
    ///   encoding gives it (``LibRabbitMQConnection/encoding(_:_:)``), before anything is
    ///   queued: over TLS too, where the sizes are checked here (``WireSize``) so that such a
    ///   publish fails the same way on either transport.
    private func content(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], on channel: UInt16
    ) throws(AMQPError) -> QueuedPublish.Content {
        try LibRabbitMQConnection.encoding(LibRabbitMQReply.Context(operation: .publish, channel: channel)) { () throws(CodecError) in
            guard let frameMax = callerFrameMax else {
                _ = try WireSize.arguments(of: .basicPublish(method))
                _ = try WireSize.properties(properties)
                return .message(OutgoingMessage(method, properties: properties, body: body))
            }
            return .frames(try PublishFrames.encode(method, properties: properties, body: body, channel: channel, frameMax: frameMax))
        }
    }
}
