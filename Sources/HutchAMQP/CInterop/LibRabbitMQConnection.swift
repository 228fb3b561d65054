internal import CRabbitMQ
import HutchConventions

/// One librabbitmq connection (`amqp_connection_state_t`) behind Swift types.
///
/// Not thread-safe, like librabbitmq itself: only the connection's I/O thread
/// (``ConnectionLoop``) creates, uses and destroys it. Every status and RPC reply goes
/// through ``LibRabbitMQReply``; every byte is copied out before librabbitmq's buffers
/// are released. A broker `channel.close` / `connection.close` met in a reply is answered
/// with `close-ok` here.
final class LibRabbitMQConnection {
    /// The state; `nil` before ``open(_:)`` and after ``destroy()``.
    var state: amqp_connection_state_t?

    /// The pool request structures are built in, kept for the connection's life: each
    /// call recycles its pages (`recycle_amqp_pool`) instead of allocating and zeroing
    /// fresh ones, which cost a `calloc` of a page per publish.
    private let requestPool: UnsafeMutablePointer<amqp_pool_t>
    private var poolInUse = false

    init() {
        requestPool = UnsafeMutablePointer<amqp_pool_t>.allocate(capacity: 1)
        init_amqp_pool(requestPool, AMQPPool.pageSize)
    }

    deinit {
        destroy()
        empty_amqp_pool(requestPool)
        requestPool.deallocate()
    }

    // MARK: Pools and encoding

    /// Runs `body` with the connection's librabbitmq pool for request structures; what
    /// `body` allocated there is recycled when it returns (nothing may outlive it).
    func withPool<R>(
        _ context: LibRabbitMQReply.Context, _ body: (AMQPPool) throws(AMQPError) -> R
    ) throws(AMQPError) -> R {
        assert(!poolInUse, "withPool does not nest: the inner call would recycle the outer call's structures")
        poolInUse = true
        defer {
            recycle_amqp_pool(requestPool)
            poolInUse = false
        }
        return try body(AMQPPool(pointer: requestPool))
    }

    /// A codec failure as an ``AMQPError`` (the request is refused before it is sent).
    static func refused(_ error: CodecError, _ context: LibRabbitMQReply.Context) -> AMQPError {
        AMQPError(code: .invalidArgument, operation: context.operation, channel: context.channel, detail: "\(error)")
    }

    /// `body`'s codec errors as ``AMQPError``s.
    static func encoding<R>(_ context: LibRabbitMQReply.Context, _ body: () throws(CodecError) -> R) throws(AMQPError) -> R {
        do throws(CodecError) {
            return try body()
        } catch {
            throw refused(error, context)
        }
    }

    func requireState(_ context: LibRabbitMQReply.Context) throws(AMQPError) -> amqp_connection_state_t {
        guard let state else {
            throw AMQPError(code: .connectionClosed, operation: context.operation, channel: context.channel, scope: .connection)
        }
        return state
    }

    // MARK: Replies

    /// The error of a reply, `close-ok` sent for a broker close; `nil` for a normal reply.
    func check(_ reply: amqp_rpc_reply_t, _ context: LibRabbitMQReply.Context) -> AMQPError? {
        guard let error = LibRabbitMQReply.error(reply: reply, context) else { return nil }
        if reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION {
            if reply.reply.id == MethodNumber.channelClose, let channel = context.channel {
                sendCloseOK(channel: channel)
            } else if reply.reply.id == MethodNumber.connectionClose {
                sendConnectionCloseOK()
            }
        }
        return error
    }

    /// The error of the most recent librabbitmq RPC wrapper (`amqp_queue_delete`, …).
    func checkLastReply(_ context: LibRabbitMQReply.Context) throws(AMQPError) {
        let state = try requireState(context)
        if let error = check(amqp_get_rpc_reply(state), context) { throw error }
    }

    /// The error for a negative status of a send.
    func checkStatus(_ status: Int32, _ context: LibRabbitMQReply.Context) throws(AMQPError) {
        if status < 0 { throw LibRabbitMQReply.error(status: status, context) }
    }

    /// Answers a broker's `channel.close`.
    func sendCloseOK(channel: UInt16) {
        guard let state else { return }
        var ok = amqp_channel_close_ok_t(dummy: 0)
        _ = amqp_send_method(state, channel, MethodNumber.channelCloseOK, &ok)
        amqp_maybe_release_buffers_on_channel(state, channel)
    }

    /// Answers a broker's `connection.close`.
    func sendConnectionCloseOK() {
        guard let state else { return }
        var ok = amqp_connection_close_ok_t(dummy: 0)
        _ = amqp_send_method(state, 0, MethodNumber.connectionCloseOK, &ok)
    }

    // MARK: Channels

    /// `channel.open` and its `open-ok`.
    func openChannel(_ channel: UInt16) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .openChannel, channel: channel)
        let state = try requireState(context)
        _ = amqp_channel_open(state, channel)
        try checkLastReply(context)
        amqp_maybe_release_buffers_on_channel(state, channel)
    }

    /// `channel.close` (reply success) and its `close-ok`.
    func closeChannel(_ channel: UInt16) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .closeChannel, channel: channel)
        let state = try requireState(context)
        let reply = amqp_channel_close(state, channel, Int32(AMQP_REPLY_SUCCESS))
        amqp_maybe_release_buffers_on_channel(state, channel)
        if let error = check(reply, context) { throw error }
    }

    // MARK: Synchronous methods

    /// Sends `method` and, unless it is `no-wait`, waits for its `-ok`; a `queue.declare`
    /// returns its `declare-ok`.
    func declare(_ method: AMQPMethod, channel: UInt16) throws(AMQPError) -> QueueDeclareOK? {
        let operation: AMQPError.Operation
        let reply: amqp_method_number_t
        let noWait: Bool
        switch method {
        case .exchangeDeclare(let m): (operation, reply, noWait) = (.exchangeDeclare, MethodNumber.exchangeDeclareOK, m.noWait)
        case .queueDeclare(let m): (operation, reply, noWait) = (.queueDeclare, MethodNumber.queueDeclareOK, m.noWait)
        case .queueBind(let m): (operation, reply, noWait) = (.queueBind, MethodNumber.queueBindOK, m.noWait)
        case .basicQos: (operation, reply, noWait) = (.basicQos, MethodNumber.basicQosOK, false)
        default:
            throw AMQPError(
                code: .unsupportedMethod, operation: AMQPError.Operation(method.name), channel: channel,
                detail: "declare sends exchange.declare, queue.declare, queue.bind and basic.qos")
        }
        let context = LibRabbitMQReply.Context(operation: operation, channel: channel)
        let state = try requireState(context)
        _ = try Self.encoding(context) { () throws(CodecError) in try WireSize.arguments(of: method) }
        let request = LibRabbitMQCodec.methodNumber(classID: method.id.classID, methodID: method.id.methodID)
        return try withPool(context) { pool throws(AMQPError) -> QueueDeclareOK? in
            func call<T>(_ cMethod: T) throws(AMQPError) -> QueueDeclareOK? {
                var value = cMethod
                if noWait {
                    let status = withUnsafeMutablePointer(to: &value) { amqp_send_method(state, channel, request, $0) }
                    try checkStatus(status, context)
                    return nil
                }
                var replies: [amqp_method_number_t] = [reply, 0]
                let result = withUnsafeMutablePointer(to: &value) { pointer in
                    replies.withUnsafeMutableBufferPointer { amqp_simple_rpc(state, channel, request, $0.baseAddress, pointer) }
                }
                defer { amqp_maybe_release_buffers_on_channel(state, channel) }
                if let error = check(result, context) { throw error }
                guard reply == MethodNumber.queueDeclareOK, let decoded = result.reply.decoded else { return nil }
                let ok = decoded.assumingMemoryBound(to: amqp_queue_declare_ok_t.self).pointee
                return QueueDeclareOK(
                    queue: String(decoding: ok.queue.copiedBytes, as: UTF8.self),
                    messageCount: ok.message_count, consumerCount: ok.consumer_count)
            }
            switch method {
            case .exchangeDeclare(let m): return try call(try Self.encoding(context) { () throws(CodecError) in try m.cMethod(in: pool) })
            case .queueDeclare(let m): return try call(try Self.encoding(context) { () throws(CodecError) in try m.cMethod(in: pool) })
            case .queueBind(let m): return try call(try Self.encoding(context) { () throws(CodecError) in try m.cMethod(in: pool) })
            case .basicQos(let m): return try call(m.cMethod)
            default: return nil
            }
        }
    }

    /// `queue.delete`; returns the number of messages deleted with it.
    func deleteQueue(_ queue: String, ifUnused: Bool, ifEmpty: Bool, channel: UInt16) throws(AMQPError) -> UInt32 {
        let context = LibRabbitMQReply.Context(operation: .queueDelete, channel: channel)
        let state = try requireState(context)
        _ = try Self.encoding(context) { () throws(CodecError) in try WireSize.shortString(queue, field: "queue") }
        return try withPool(context) { pool throws(AMQPError) -> UInt32 in
            let name = try Self.encoding(context) { () throws(CodecError) in try pool.bytes(queue) }
            let ok = amqp_queue_delete(state, channel, name, ifUnused.amqpBoolean, ifEmpty.amqpBoolean)
            defer { amqp_maybe_release_buffers_on_channel(state, channel) }
            try checkLastReply(context)
            return ok?.pointee.message_count ?? 0
        }
    }

    /// `queue.purge`; returns the number of messages purged.
    func purgeQueue(_ queue: String, channel: UInt16) throws(AMQPError) -> UInt32 {
        let context = LibRabbitMQReply.Context(operation: .queuePurge, channel: channel)
        let state = try requireState(context)
        _ = try Self.encoding(context) { () throws(CodecError) in try WireSize.shortString(queue, field: "queue") }
        return try withPool(context) { pool throws(AMQPError) -> UInt32 in
            let name = try Self.encoding(context) { () throws(CodecError) in try pool.bytes(queue) }
            let ok = amqp_queue_purge(state, channel, name)
            defer { amqp_maybe_release_buffers_on_channel(state, channel) }
            try checkLastReply(context)
            return ok?.pointee.message_count ?? 0
        }
    }

    /// `exchange.delete`.
    func deleteExchange(_ exchange: String, ifUnused: Bool, channel: UInt16) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .exchangeDelete, channel: channel)
        let state = try requireState(context)
        _ = try Self.encoding(context) { () throws(CodecError) in try WireSize.shortString(exchange, field: "exchange") }
        try withPool(context) { pool throws(AMQPError) in
            let name = try Self.encoding(context) { () throws(CodecError) in try pool.bytes(exchange) }
            _ = amqp_exchange_delete(state, channel, name, ifUnused.amqpBoolean)
            defer { amqp_maybe_release_buffers_on_channel(state, channel) }
            try checkLastReply(context)
        }
    }

    /// `confirm.select` and its `select-ok`.
    func confirmSelect(channel: UInt16) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .confirmSelect, channel: channel)
        let state = try requireState(context)
        _ = amqp_confirm_select(state, channel)
        defer { amqp_maybe_release_buffers_on_channel(state, channel) }
        try checkLastReply(context)
    }

    /// `basic.consume` and its `consume-ok`; returns the consumer tag.
    func consume(_ method: BasicConsume, channel: UInt16) throws(AMQPError) -> String {
        let context = LibRabbitMQReply.Context(operation: .consume, channel: channel)
        let state = try requireState(context)
        _ = try Self.encoding(context) { () throws(CodecError) in try WireSize.arguments(of: .basicConsume(method)) }
        return try withPool(context) { pool throws(AMQPError) -> String in
            var value = try Self.encoding(context) { () throws(CodecError) in try method.cMethod(in: pool) }
            if method.noWait {
                let status = amqp_send_method(state, channel, MethodNumber.basicConsume, &value)
                try checkStatus(status, context)
                return method.consumerTag
            }
            var replies: [amqp_method_number_t] = [MethodNumber.basicConsumeOK, 0]
            let result = replies.withUnsafeMutableBufferPointer {
                amqp_simple_rpc(state, channel, MethodNumber.basicConsume, $0.baseAddress, &value)
            }
            defer { amqp_maybe_release_buffers_on_channel(state, channel) }
            if let error = check(result, context) { throw error }
            guard let decoded = result.reply.decoded else { return method.consumerTag }
            let ok = decoded.assumingMemoryBound(to: amqp_basic_consume_ok_t.self).pointee
            return String(decoding: ok.consumer_tag.copiedBytes, as: UTF8.self)
        }
    }

    /// `basic.cancel` and its `cancel-ok`.
    func cancel(consumerTag: String, channel: UInt16) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .cancel, channel: channel)
        let state = try requireState(context)
        _ = try Self.encoding(context) { () throws(CodecError) in try WireSize.shortString(consumerTag, field: "consumer_tag") }
        try withPool(context) { pool throws(AMQPError) in
            let tag = try Self.encoding(context) { () throws(CodecError) in try pool.bytes(consumerTag) }
            _ = amqp_basic_cancel(state, channel, tag)
            defer { amqp_maybe_release_buffers_on_channel(state, channel) }
            try checkLastReply(context)
        }
    }

    // MARK: Asynchronous methods

    /// `basic.publish`, its content header and body frames (librabbitmq splits the body
    /// by the negotiated frame size).
    func publish(
        _ method: BasicPublish, properties: BasicProperties, body: [UInt8], channel: UInt16
    ) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .publish, channel: channel)
        let state = try requireState(context)
        _ = try Self.encoding(context) { () throws(CodecError) in
            try WireSize.arguments(of: .basicPublish(method)) + WireSize.properties(properties)
        }
        try withPool(context) { pool throws(AMQPError) in
            let exchange = try Self.encoding(context) { () throws(CodecError) in try pool.bytes(method.exchange) }
            let routingKey = try Self.encoding(context) { () throws(CodecError) in try pool.bytes(method.routingKey) }
            var cProperties = try Self.encoding(context) { () throws(CodecError) in try properties.cProperties(in: pool) }
            let status = body.withUnsafeBytes { raw in
                amqp_basic_publish(
                    state, channel, exchange, routingKey, method.mandatory.amqpBoolean, method.immediate.amqpBoolean,
                    &cProperties, amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)))
            }
            try checkStatus(status, context)
        }
    }

    /// `basic.ack`.
    func ack(_ method: BasicAck, channel: UInt16) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .ack, channel: channel)
        try checkStatus(amqp_basic_ack(try requireState(context), channel, method.deliveryTag, method.multiple.amqpBoolean), context)
    }

    /// `basic.nack`.
    func nack(_ method: BasicNack, channel: UInt16) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .nack, channel: channel)
        let status = amqp_basic_nack(
            try requireState(context), channel, method.deliveryTag, method.multiple.amqpBoolean, method.requeue.amqpBoolean)
        try checkStatus(status, context)
    }

    /// `basic.reject`.
    func reject(_ method: BasicReject, channel: UInt16) throws(AMQPError) {
        let context = LibRabbitMQReply.Context(operation: .reject, channel: channel)
        let status = amqp_basic_reject(try requireState(context), channel, method.deliveryTag, method.requeue.amqpBoolean)
        try checkStatus(status, context)
    }

    // MARK: Closing

    /// `connection.close` (reply success) and its `close-ok`; errors are ignored, the
    /// connection is going away.
    func closeGracefully() {
        guard let state else { return }
        _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
    }

    /// Closes the socket and frees the state (`amqp_destroy_connection`). Idempotent.
    func destroy() {
        guard let state else { return }
        self.state = nil
        _ = amqp_destroy_connection(state)
    }
}
