internal import CRabbitMQ
import HutchConventions

extension BasicNack {
    /// The method as librabbitmq's `amqp_basic_nack_t`.
    var cMethod: amqp_basic_nack_t {
        amqp_basic_nack_t(delivery_tag: deliveryTag, multiple: multiple.amqpBoolean, requeue: requeue.amqpBoolean)
    }

    /// Copies a decoded `amqp_basic_nack_t` out.
    init(_ c: amqp_basic_nack_t) {
        self.init(deliveryTag: c.delivery_tag, multiple: c.multiple != 0, requeue: c.requeue != 0)
    }
}
