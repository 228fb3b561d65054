internal import CRabbitMQ
import HutchConventions

#if canImport(Glibc)
    import Glibc
#endif

extension LibRabbitMQConnection {
    /// The socket's file descriptor, to wait on; -1 when there is none.
    var socketDescriptor: Int32 {
        guard let state else { return -1 }
        return amqp_get_sockfd(state)
    }

    /// Whether librabbitmq holds frames or bytes already read, so waiting on the socket
    /// would miss them.
    var hasBufferedInput: Bool {
        guard let state else { return false }
        return amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0
    }

    /// The next frame if one is complete, without blocking; `nil` when none is ready.
    ///
    /// librabbitmq sends a heartbeat here when one is due and reports a heartbeat timeout
    /// when the broker has been silent for two intervals, so calling this regularly (at
    /// least every half heartbeat interval) keeps an idle connection alive.
    func nextFrame() throws(AMQPError) -> IncomingFrame? {
        let context = LibRabbitMQReply.Context(operation: .receive)
        let state = try requireState(context)
        var frame = amqp_frame_t()
        var zero = Glibc.timeval(tv_sec: 0, tv_usec: 0)
        let status = amqp_simple_wait_frame_noblock(state, &frame, &zero)
        if status == LibRabbitMQReply.status(AMQP_STATUS_TIMEOUT) { return nil }
        if status < 0 { throw LibRabbitMQReply.error(status: status, context) }
        let channel = frame.channel
        defer { amqp_maybe_release_buffers_on_channel(state, channel) }
        switch Int32(frame.frame_type) {
        case AMQP_FRAME_METHOD:
            return .method(channel: channel, try Self.method(frame.payload.method, context))
        case AMQP_FRAME_HEADER:
            guard let decoded = frame.payload.properties.decoded else {
                throw AMQPError(
                    code: .protocolError, operation: .receive, channel: channel, detail: "content header without properties",
                    scope: .connection)
            }
            let properties: BasicProperties
            do throws(CodecError) {
                properties = try BasicProperties(decoded.assumingMemoryBound(to: amqp_basic_properties_t.self).pointee)
            } catch {
                throw AMQPError(code: .protocolError, operation: .receive, channel: channel, detail: "\(error)", scope: .connection)
            }
            return .header(channel: channel, properties: properties, bodySize: frame.payload.properties.body_size)
        case AMQP_FRAME_BODY:
            return .body(channel: channel, bytes: frame.payload.body_fragment.copiedBytes)
        default:
            return .method(channel: channel, .other(classID: 0, methodID: 0))
        }
    }

    private static func method(_ method: amqp_method_t, _ context: LibRabbitMQReply.Context) throws(AMQPError) -> IncomingMethod {
        let classID = UInt16(truncatingIfNeeded: method.id >> 16)
        let methodID = UInt16(truncatingIfNeeded: method.id)
        guard let decoded = method.decoded else { return .other(classID: classID, methodID: methodID) }
        func load<T>(_: T.Type) -> T { decoded.assumingMemoryBound(to: T.self).pointee }
        do throws(CodecError) {
            switch method.id {
            case MethodNumber.basicDeliver:
                return .deliver(try BasicDeliver(load(amqp_basic_deliver_t.self)))
            case MethodNumber.basicAck:
                return .ack(BasicAck(load(amqp_basic_ack_t.self)))
            case MethodNumber.basicNack:
                return .nack(BasicNack(load(amqp_basic_nack_t.self)))
            case MethodNumber.basicReturn:
                let r = load(amqp_basic_return_t.self)
                return .returned(
                    BasicReturn(
                        replyCode: r.reply_code, replyText: String(decoding: r.reply_text.copiedBytes, as: UTF8.self),
                        exchange: String(decoding: r.exchange.copiedBytes, as: UTF8.self),
                        routingKey: String(decoding: r.routing_key.copiedBytes, as: UTF8.self)))
            case MethodNumber.basicCancel:
                let c = load(amqp_basic_cancel_t.self)
                return .consumerCancelled(consumerTag: String(decoding: c.consumer_tag.copiedBytes, as: UTF8.self))
            case MethodNumber.channelClose:
                let c = load(amqp_channel_close_t.self)
                return .channelClose(LibRabbitMQReply.closeCopy(c.reply_code, c.reply_text, c.class_id, c.method_id))
            case MethodNumber.connectionClose:
                let c = load(amqp_connection_close_t.self)
                return .connectionClose(LibRabbitMQReply.closeCopy(c.reply_code, c.reply_text, c.class_id, c.method_id))
            case MethodNumber.connectionBlocked:
                let reason = load(amqp_connection_blocked_t.self).reason
                return .connectionBlocked(reason: String(decoding: reason.copiedBytes, as: UTF8.self))
            case MethodNumber.connectionUnblocked:
                return .connectionUnblocked
            default:
                return .other(classID: classID, methodID: methodID)
            }
        } catch {
            throw AMQPError(code: .protocolError, operation: context.operation, detail: "\(error)", scope: .connection)
        }
    }
}
