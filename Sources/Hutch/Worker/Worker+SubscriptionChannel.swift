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
    func closeSubscriptionChannel(_ channel: UInt16, on amqp: any AMQPTransport) async {
        do throws(AMQPError) {
            try await amqp.closeChannel(channel)
        } catch  where error.mayLeaveChannelOpen {
            await connection.giveUp(
                amqp,
                because: "the subscription's channel \(channel) could not be closed (\(error)): its deliveries go back to their queues")
        } catch {}
    }
}
