import HutchAMQP
import HutchConventions

extension InMemoryConnection {
    /// Drops the connection as a failed socket would: every pending and later call throws
    /// `connectionLost` (scope `connection`), every consumer's deliveries end with it, the
    /// unacknowledged deliveries go back to their queues and the exclusive queues go.
    public func drop() {
        broker.update { model in model.endConnection(id, failure: BrokerModel.droppedConnection) }
    }

    /// Closes the connection from the broker's side (`connection.close`, e.g. 320
    /// `CONNECTION_FORCED` when an operator closes it): as ``drop()``, with the broker's code.
    public func closeByBroker(replyCode: UInt16 = 320, replyText: String = "CONNECTION_FORCED - Closed via management plugin") {
        let error = AMQPError.brokerClose(
            Close(replyCode: replyCode, replyText: replyText), connectionLevel: true, operation: .receive, channel: nil)
        broker.update { model in model.endConnection(id, failure: error) }
    }

    /// Closes channel `channel` from the broker's side (`channel.close` with `replyCode`):
    /// its consumers' deliveries end with the error, later calls on it throw
    /// `channelClosed`, its unacknowledged deliveries go back to their queues.
    public func closeChannelByBroker(_ channel: UInt16, replyCode: UInt16, replyText: String) {
        let error = AMQPError.brokerClose(
            Close(replyCode: replyCode, replyText: replyText), connectionLevel: false, operation: .receive, channel: channel)
        broker.update { model in model.endChannel(channel, on: id, failure: error) }
    }

    /// Makes the broker answer the next `count` confirmed publishes with `basic.nack`, as
    /// RabbitMQ does when every queue a message reaches is full and refuses publishes:
    /// they throw `publishNacked` and no queue receives them (a queue declared with
    /// `x-overflow: reject-publish-dlx` dead-letters its copy, as a full one would).
    public func nackNextPublishes(_ count: Int = 1) {
        broker.update { model in model.connections[id]?.publishesToNack += count }
    }

    /// Blocks the connection (`connection.blocked`, as under a memory or disk alarm):
    /// publishes and requests wait for ``unblock()`` or fail with `connectionBlocked` once
    /// the test clock passes their patience; acks still go through.
    public func block(reason: String = "low on memory") {
        broker.update { model in model.block(id, reason: reason) }
    }

    /// Lifts a block (`connection.unblocked`): held calls go ahead.
    public func unblock() {
        broker.update { model in model.unblock(id) }
    }

    /// How many calls wait for ``unblock()`` (or their patience to run out on the test clock).
    public var heldCallCount: Int { broker.model.withLock { $0.connections[id]?.held.count ?? 0 } }
}
