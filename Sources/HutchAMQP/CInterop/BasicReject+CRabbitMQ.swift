internal import CRabbitMQ
import HutchConventions

extension BasicReject {
    /// The method as librabbitmq's `amqp_basic_reject_t`.
    var cMethod: amqp_basic_reject_t {
        amqp_basic_reject_t(delivery_tag: deliveryTag, requeue: requeue.amqpBoolean)
    }

    /// Copies a decoded `amqp_basic_reject_t` out.
    init(_ c: amqp_basic_reject_t) {
        self.init(deliveryTag: c.delivery_tag, requeue: c.requeue != 0)
    }
}
