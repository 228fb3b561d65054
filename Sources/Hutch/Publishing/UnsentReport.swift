import HutchAMQP
import HutchConventions
import Logging

/// Where a message published without confirms goes when it was queued but never written
/// (its channel or the connection died first, or the broker blocked the connection past
/// the publish timeout): logged at error level with its `message_id`, counted
/// (`hutch_unsent_total`) and yielded on ``Publisher/unsentMessages``.
///
/// Called on the connection's I/O thread: it only logs, counts and yields.
struct UnsentReport: Sendable {
    let logger: Logger
    let metrics: HutchMetrics
    let stream: AsyncStream<UnsentMessage>.Continuation

    func callAsFunction(_ message: OutgoingMessage, _ error: AMQPError) {
        logger.error(
            "a message published without confirms was not written",
            metadata: [
                "message_id": "\(message.properties.messageID ?? "-")", "exchange": "\(message.exchange)",
                "routing_key": "\(message.routingKey)", "error": "\(error)"
            ])
        metrics.increment(.unsent, .publish(exchange: message.exchange, routingKey: message.routingKey))
        stream.yield(UnsentMessage(message: message, error: error))
    }
}
