internal import CRabbitMQ
import HutchConventions

extension LibRabbitMQConnection {
    /// `basic.get` and its `get-ok` with the message's header and body frames, or
    /// `get-empty` (`nil`). Frames for other channels read meanwhile are queued by
    /// librabbitmq for the frame pump.
    func get(queue: String, autoAck: Bool, channel: UInt16) throws(AMQPError) -> FetchedMessage? {
        let context = LibRabbitMQReply.Context(operation: .get, channel: channel)
        let state = try requireState(context)
        _ = try Self.encoding(context) { () throws(CodecError) in try WireSize.shortString(queue, field: "queue") }
        return try withPool(context) { pool throws(AMQPError) -> FetchedMessage? in
            let name = try Self.encoding(context) { () throws(CodecError) in try pool.bytes(queue) }
            let reply = amqp_basic_get(state, channel, name, autoAck.amqpBoolean)
            defer { amqp_maybe_release_buffers_on_channel(state, channel) }
            if let error = check(reply, context) { throw error }
            guard reply.reply.id == MethodNumber.basicGetOK, let decoded = reply.reply.decoded else { return nil }
            let ok = decoded.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
            let exchange = String(decoding: ok.exchange.copiedBytes, as: UTF8.self)
            let routingKey = String(decoding: ok.routing_key.copiedBytes, as: UTF8.self)
            var message = amqp_message_t()
            let read = amqp_read_message(state, channel, &message, 0)
            if let error = check(read, context) { throw error }
            defer { amqp_destroy_message(&message) }
            let properties: BasicProperties
            do throws(CodecError) {
                properties = try BasicProperties(message.properties)
            } catch {
                throw AMQPError(code: .protocolError, operation: .get, channel: channel, detail: "\(error)", scope: .connection)
            }
            let delivery = IncomingDelivery(
                channel: channel, consumerTag: "", deliveryTag: ok.delivery_tag, redelivered: ok.redelivered != 0,
                exchange: exchange, routingKey: routingKey, properties: properties, body: message.body.copiedBytes)
            return FetchedMessage(delivery: delivery, remaining: ok.message_count)
        }
    }
}
