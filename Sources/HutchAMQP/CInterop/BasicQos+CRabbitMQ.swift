internal import CRabbitMQ
import HutchConventions

extension BasicQos {
    /// The method as librabbitmq's `amqp_basic_qos_t`.
    var cMethod: amqp_basic_qos_t {
        amqp_basic_qos_t(prefetch_size: prefetchSize, prefetch_count: prefetchCount, global: global.amqpBoolean)
    }

    /// Copies a decoded `amqp_basic_qos_t` out.
    init(_ c: amqp_basic_qos_t) {
        self.init(prefetchSize: c.prefetch_size, prefetchCount: c.prefetch_count, global: c.global != 0)
    }
}
