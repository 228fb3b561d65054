internal import CRabbitMQ
import HutchConventions

extension QueueBind {
    /// The method as librabbitmq's `amqp_queue_bind_t` (ticket 0), its bytes in `pool`.
    func cMethod(in pool: AMQPPool) throws(CodecError) -> amqp_queue_bind_t {
        let arguments: amqp_table_t
        do throws(CodecError) { arguments = try self.arguments.cTable(in: pool) } catch { throw error.inField("arguments") }
        return try amqp_queue_bind_t(
            ticket: 0, queue: pool.bytes(queue), exchange: pool.bytes(exchange),
            routing_key: pool.bytes(routingKey), nowait: noWait.amqpBoolean, arguments: arguments)
    }

    /// Copies a decoded `amqp_queue_bind_t` out.
    init(_ c: amqp_queue_bind_t) throws(CodecError) {
        let arguments: FieldTable
        do throws(CodecError) { arguments = try FieldTable(c.arguments) } catch { throw error.inField("arguments") }
        self.init(
            queue: try c.queue.utf8String(field: "queue"), exchange: try c.exchange.utf8String(field: "exchange"),
            routingKey: try c.routing_key.utf8String(field: "routing_key"), noWait: c.nowait != 0,
            arguments: arguments)
    }
}
