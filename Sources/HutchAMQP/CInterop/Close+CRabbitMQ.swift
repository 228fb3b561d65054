internal import CRabbitMQ
import HutchConventions

extension Close {
    /// The method as librabbitmq's `amqp_channel_close_t`, its bytes in `pool`.
    func cChannelClose(in pool: AMQPPool) throws(CodecError) -> amqp_channel_close_t {
        try amqp_channel_close_t(
            reply_code: replyCode, reply_text: pool.bytes(replyText), class_id: classID, method_id: methodID)
    }

    /// The method as librabbitmq's `amqp_connection_close_t`, its bytes in `pool`.
    func cConnectionClose(in pool: AMQPPool) throws(CodecError) -> amqp_connection_close_t {
        try amqp_connection_close_t(
            reply_code: replyCode, reply_text: pool.bytes(replyText), class_id: classID, method_id: methodID)
    }

    /// Copies a decoded `amqp_channel_close_t` out.
    init(_ c: amqp_channel_close_t) throws(CodecError) {
        self.init(
            replyCode: c.reply_code, replyText: try c.reply_text.utf8String(field: "reply_text"),
            classID: c.class_id, methodID: c.method_id)
    }

    /// Copies a decoded `amqp_connection_close_t` out.
    init(_ c: amqp_connection_close_t) throws(CodecError) {
        self.init(
            replyCode: c.reply_code, replyText: try c.reply_text.utf8String(field: "reply_text"),
            classID: c.class_id, methodID: c.method_id)
    }
}
