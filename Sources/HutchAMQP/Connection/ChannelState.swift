import HutchConventions

/// What the I/O thread knows about one open channel: confirm mode and the publishes
/// waiting for their confirm, its consumers, and the message being assembled from frames.
final class ChannelState {
    /// A confirmed publish waiting for `basic.ack` / `basic.nack`.
    struct PendingConfirm {
        var deadline: ContinuousClock.Instant
        var completion: @Sendable (Result<Void, AMQPError>) -> Void
        /// Fail instead of succeeding when a `basic.return` came before the `basic.ack`.
        var failsWhenReturned = false
        /// The broker's reply code and text of that `basic.return`.
        var returned: String?
    }

    /// A message arriving in frames: the method, then the header, then body frames.
    struct Content {
        /// `nil` for a `basic.return`, which is read and dropped.
        var deliver: BasicDeliver?
        var properties = BasicProperties()
        var bodySize: UInt64?
        var body: [UInt8] = []
    }

    /// Whether `confirm.select` was done.
    var confirmMode = false
    /// The delivery tag the next publish gets in confirm mode (the broker counts from 1).
    var nextPublishTag: UInt64 = 1
    /// Confirmed publishes by delivery tag.
    var pendingConfirms: [UInt64: PendingConfirm] = [:]
    /// Consumers by tag.
    var consumers: [String: DeliveryFeed] = [:]
    /// The message in progress.
    var content: Content?

    /// Marks the waiting confirms that fail when returned: the broker sends a mandatory
    /// publish's `basic.return` before its `basic.ack`. With several such publishes in
    /// flight the return cannot be told apart, so each of them fails (never a false success).
    func markReturned(_ reason: String) {
        for (tag, pending) in pendingConfirms where pending.failsWhenReturned {
            pendingConfirms[tag]?.returned = reason
        }
    }

    /// Completes the confirms a `basic.ack` / `basic.nack` covers.
    func settle(deliveryTag: UInt64, multiple: Bool, with result: Result<Void, AMQPError>) {
        let tags = multiple ? pendingConfirms.keys.filter { $0 <= deliveryTag } : [deliveryTag]
        for tag in tags.sorted() {
            guard let pending = pendingConfirms.removeValue(forKey: tag) else { continue }
            switch result {
            case .success:
                if let returned = pending.returned {
                    pending.completion(.failure(AMQPError(
                        code: .publishReturned, operation: .waitForConfirm,
                        detail: "the broker returned delivery tag \(tag) (\(returned)): no queue is bound for its routing key")))
                } else {
                    pending.completion(.success(()))
                }
            case .failure(var error):
                error.detail = "the broker nacked delivery tag \(tag)" + (multiple ? " (multiple up to \(deliveryTag))" : "")
                pending.completion(.failure(error))
            }
        }
    }

    /// Fails every pending confirm and ends every consumer: with `error`, or normally
    /// when it is `nil`.
    func end(with error: AMQPError?, channel: UInt16) {
        let confirms = pendingConfirms
        pendingConfirms = [:]
        for (_, pending) in confirms.sorted(by: { $0.key < $1.key }) {
            let failure = error?.reported(as: .waitForConfirm, channel: channel)
                ?? AMQPError(code: .channelClosed, operation: .waitForConfirm, channel: channel)
            pending.completion(.failure(failure))
        }
        let ended = consumers
        consumers = [:]
        for (_, feed) in ended {
            if let error {
                feed.channelDied(error.reported(as: .receive, channel: channel))
            } else {
                feed.finish()
            }
        }
    }
}
