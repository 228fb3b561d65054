internal import CRabbitMQ
import HutchConventions

extension BasicDeliver {
    /// The method as librabbitmq's `amqp_basic_deliver_t`, its bytes in `pool`.
    func cMethod(in pool: AMQPPool) throws(CodecError) -> amqp_basic_deliver_t {
        try amqp_basic_deliver_t(
            consumer_tag: pool.bytes(consumerTag), delivery_tag: deliveryTag,
            redelivered: redelivered.amqpBoolean, exchange: pool.bytes(exchange),
            routing_key: pool.bytes(routingKey))
    }

    /// Copies a decoded `amqp_basic_deliver_t` out.
    init(_ c: amqp_basic_deliver_t) throws(CodecError) {
        self.init(
            consumerTag: try c.consumer_tag.utf8String(field: "consumer_tag"), deliveryTag: c.delivery_tag,
            redelivered: c.redelivered != 0, exchange: try c.exchange.utf8String(field: "exchange"),
            routingKey: try c.routing_key.utf8String(field: "routing_key"))
    }
}
