internal import CRabbitMQ
import HutchConventions

extension BasicAck {
    /// The method as librabbitmq's `amqp_basic_ack_t`.
    var cMethod: amqp_basic_ack_t {
        amqp_basic_ack_t(delivery_tag: deliveryTag, multiple: multiple.amqpBoolean)
    }

    /// Copies a decoded `amqp_basic_ack_t` out.
    init(_ c: amqp_basic_ack_t) {
        self.init(deliveryTag: c.delivery_tag, multiple: c.multiple != 0)
    }
}
