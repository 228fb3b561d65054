import HutchConventions

extension ConnectionStateMachine {
    /// A frame the broker sent outside a synchronous reply.
    ///
    /// The hot path (deliveries) returns ``FrameAction/deliver(_:_:)`` without allocating
    /// beyond the delivery itself.
    mutating func frameReceived(_ frame: IncomingFrame) -> FrameAction {
        switch frame {
        case .method(let number, let method):
            return methodReceived(method, channel: number)
        case .header(let number, let properties, let bodySize):
            // One access to the channel per frame: the message in progress is changed in place.
            return delivering(inChannel(number) { $0.receiveHeader(properties, bodySize: bodySize, channel: number) } ?? nil)
        case .body(let number, let bytes):
            return delivering(inChannel(number) { $0.receiveBody(bytes, channel: number) } ?? nil)
        }
    }

    /// Runs `change` on open channel `number` in place — through the dictionary's values,
    /// so the channel is not moved out of the dictionary and back as `channels[number]?.…`
    /// does; `nil` when the channel is not open.
    private mutating func inChannel<R>(_ number: UInt16, _ change: (inout ChannelMachine) -> R) -> R? {
        guard let index = channels.index(forKey: number) else { return nil }
        return change(&channels.values[index])
    }

    private func delivering(_ completed: consuming ChannelMachine.Completed?) -> FrameAction {
        switch consume completed {
        case nil: .nothing
        case .delivery(let feed, let delivery): .deliver(feed, delivery)
        case .returned(let handler, let message): .returned(handler, message)
        }
    }

    private mutating func methodReceived(_ method: IncomingMethod, channel number: UInt16) -> FrameAction {
        switch method {
        case .deliver(let deliver):
            inChannel(number) { $0.content = ChannelMachine.Content(deliver: deliver) }
            return .nothing
        case .returned(let method):
            let marked = channels[number]?.markReturned(method) ?? []
            channels[number]?.content = ChannelMachine.Content(deliver: nil, returned: method, markedTags: marked)
            return .nothing
        case .ack(let ack):
            let settled = inChannel(number) {
                $0.settle(channel: number, deliveryTag: ack.deliveryTag, multiple: ack.multiple, with: .success(()))
            }
            return settled.map { FrameAction.settle($0) } ?? .nothing
        case .nack(let nack):
            let error = AMQPError(code: .publishNacked, operation: .waitForConfirm, channel: number)
            let settled = inChannel(number) {
                $0.settle(channel: number, deliveryTag: nack.deliveryTag, multiple: nack.multiple, with: .failure(error))
            }
            return settled.map { FrameAction.settle($0) } ?? .nothing
        case .channelClose(let close):
            let error = AMQPError.brokerClose(close, connectionLevel: false, operation: .receive, channel: number)
            return .answerChannelClose(channel: number, channelEnded(number, error))
        case .connectionClose(let close):
            let error = AMQPError.brokerClose(close, connectionLevel: true, operation: .receive, channel: number)
            return .answerConnectionClose(connectionFailed(error))
        case .connectionBlocked(let reason):
            guard isOpen else { return .nothing }
            state = .blocked(reason: reason)
            return .blockedChanged(reason: reason, release: [])
        case .connectionUnblocked:
            guard isOpen else { return .nothing }
            state = .open
            let release = held
            held = []
            return .blockedChanged(reason: nil, release: release)
        case .consumerCancelled(let tag):
            guard let feed = channels[number]?.consumers.removeValue(forKey: tag) else { return .nothing }
            let error = AMQPError(
                code: .consumerCancelledByBroker, operation: .receive, channel: number,
                detail: "consumer \(tag) was cancelled by the broker")
            return .finish(feed, error)
        case .other:
            return .nothing
        }
    }

    /// Reading frames failed (a librabbitmq status: socket closed, heartbeat timeout, bad data).
    mutating func receiveFailed(_ error: AMQPError) -> FrameAction {
        .fail(connectionFailed(error))
    }
}
