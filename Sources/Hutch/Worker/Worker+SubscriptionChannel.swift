import HutchAMQP

extension Worker {
    /// Closes a subscription's channel, which hands its unacknowledged deliveries back to
    /// their queues (redelivered, `redelivered` set).
    ///
    /// When the close itself fails without ending the channel or the connection — the
    /// broker blocks the connection (`connection.blocked`) past the close's patience — the
    /// channel may still be open, its consumers' deliveries held by nobody: the
    /// connection is given up instead, and the broker returns them when it ends. A close
    /// that fails because the channel or the connection already ended (the broker closed
    /// the channel: a 404 while subscribing) needs nothing more: the broker has returned
    /// them.
    ///
    /// After a failure that ended the channel or the connection already (`failure`: the
    /// broker closed the channel with a 404, say), it is not closed again: the broker has
    /// returned its deliveries, and its number may by then be another channel's — the
    /// publisher's, opened on the same connection.
    func closeSubscriptionChannel(_ channel: UInt16, on amqp: any AMQPTransport, after failure: (any Error)? = nil) async {
        if let ended = failure as? AMQPError, !ended.mayLeaveChannelOpen { return }
        do throws(AMQPError) {
            try await amqp.closeChannel(channel)
        } catch  where error.mayLeaveChannelOpen {
            await connection.giveUp(
                amqp,
                because: "the subscription's channel \(channel) could not be closed (\(error)): its deliveries go back to their queues")
        } catch {}
    }
}
