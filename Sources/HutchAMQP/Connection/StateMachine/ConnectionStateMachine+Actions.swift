import HutchConventions

extension ConnectionStateMachine {
    /// A confirmed publish waiting for `basic.ack` / `basic.nack`.
    struct PendingConfirm: Sendable {
        /// When to stop waiting (``AMQPError/Code-swift.struct/confirmTimeout``), kept
        /// inline: a pending confirm is copied several times per publish.
        var expiry: InlineInstant
        /// Resumes the publisher; the executor calls it, never the state machine.
        var completion: ConfirmCompletion
        /// Fail with ``AMQPError/Code-swift.struct/publishReturned`` instead of succeeding
        /// when a `basic.return` came before the `basic.ack` (a mandatory publish).
        var failsWhenReturned = false
        /// The published message's `message_id`: a return naming another id is not this
        /// publish's (`nil`: any return in flight may be). Kept only when
        /// `failsWhenReturned`: no other confirm is matched to a return.
        var messageID: String?
        /// The `basic.return` that came for it.
        var returned: BasicReturn?

        /// A confirm waited for until `deadline`, answered through `completion`.
        init(
            deadline: ContinuousClock.Instant, completion: ConfirmCompletion, failsWhenReturned: Bool = false,
            messageID: String? = nil
        ) {
            self.expiry = InlineInstant(deadline)
            self.completion = completion
            self.failsWhenReturned = failsWhenReturned
            if failsWhenReturned { self.messageID = messageID }
        }

        /// A confirm waited for until `deadline`, answered by calling `completion`.
        init(
            deadline: ContinuousClock.Instant, completion: @escaping @Sendable (Result<Void, AMQPError>) -> Void,
            failsWhenReturned: Bool = false, messageID: String? = nil
        ) {
            self.init(deadline: deadline, completion: .call(completion), failsWhenReturned: failsWhenReturned, messageID: messageID)
        }

        /// When to stop waiting.
        var deadline: ContinuousClock.Instant { expiry.instant }
    }

    /// Receives the messages the broker returns on a channel (``AMQPConnection/onReturn(channel:_:)``);
    /// the executor calls it on the I/O thread.
    typealias ReturnHandler = @Sendable (ReturnedMessage) -> Void

    /// A publish or request held back while the broker blocks the connection.
    struct HeldRequest {
        /// When to give up waiting for `connection.unblocked`.
        var deadline: ContinuousClock.Instant
        /// How long it was willing to wait, for the error.
        var patience: Duration
        var operation: AMQPError.Operation
        var channel: UInt16?
        /// Does the work (on unblock, or to fail it when the connection ends).
        var run: () -> Void
        /// Fails the work with the error given.
        var expire: (AMQPError) -> Void
    }

    /// A confirm that is settled: the executor calls `confirm.completion(result)`.
    struct SettledConfirm {
        var channel: UInt16
        var deliveryTag: UInt64
        var confirm: PendingConfirm
        var result: Result<Void, AMQPError>
    }

    /// What ends with a channel or the connection; the executor performs it in order:
    /// destroys the socket when asked, settles the confirms, ends the feeds, then runs the
    /// held requests (which then fail with the connection's failure).
    struct Endings {
        /// Whether the socket must be destroyed first (the connection failed).
        var destroySocket = false
        var confirms: [SettledConfirm] = []
        /// Feeds to end: normally when the error is `nil`, else as "channel died".
        var feeds: [(feed: DeliveryFeed, error: AMQPError?)] = []
        var held: [HeldRequest] = []

        /// Whether there is nothing to do.
        var isEmpty: Bool { !destroySocket && confirms.isEmpty && feeds.isEmpty && held.isEmpty }
    }

    /// What to do after a frame from the broker.
    enum FrameAction {
        /// Nothing (a frame in progress, or one that is ignored).
        case nothing
        /// Hand a complete message to a consumer.
        case deliver(DeliveryFeed, IncomingDelivery)
        /// Resume the publishers a `basic.ack` / `basic.nack` covers.
        case settle(SettledConfirms)
        /// End a consumer the broker cancelled; its channel lives.
        case finish(DeliveryFeed, AMQPError)
        /// Hand a message the broker returned to the channel's return handler.
        case returned(ReturnHandler, ReturnedMessage)
        /// Answer a broker `channel.close` with `close-ok`, then perform the endings.
        case answerChannelClose(channel: UInt16, Endings)
        /// Answer a broker `connection.close` with `close-ok`, then perform the endings.
        case answerConnectionClose(Endings)
        /// Publish the new blocked state (`nil` when unblocked) and run the released requests.
        case blockedChanged(reason: String?, release: [HeldRequest])
        /// The connection failed while reading: perform the endings.
        case fail(Endings)
    }

    /// What ``ConnectionStateMachine/closeRequested()`` asks of the executor.
    enum CloseAction {
        /// Not open: nothing to close.
        case alreadyClosed
        /// Close these channels and the connection gracefully, then destroy the socket.
        case closeGracefully(channels: [UInt16])
        /// The broker blocks the connection and would not read the closes: destroy the socket.
        case destroy
    }
}
