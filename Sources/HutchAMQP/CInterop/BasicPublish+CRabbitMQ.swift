internal import CRabbitMQ
import HutchConventions

extension BasicPublish {
    /// The method as librabbitmq's `amqp_basic_publish_t` (ticket 0), its bytes in `pool`.
    func cMethod(in pool: AMQPPool) throws(CodecError) -> amqp_basic_publish_t {
        try amqp_basic_publish_t(
            ticket: 0, exchange: pool.bytes(exchange), routing_key: pool.bytes(routingKey),
            mandatory: mandatory.amqpBoolean, immediate: immediate.amqpBoolean)
    }

    /// Copies a decoded `amqp_basic_publish_t` out.
    init(_ c: amqp_basic_publish_t) throws(CodecError) {
        self.init(
            exchange: try c.exchange.utf8String(field: "exchange"),
            routingKey: try c.routing_key.utf8String(field: "routing_key"),
            mandatory: c.mandatory != 0, immediate: c.immediate != 0)
    }
}
