internal import CRabbitMQ
import HutchConventions

extension QueueDeclare {
    /// The method as librabbitmq's `amqp_queue_declare_t` (ticket 0), its bytes in `pool`.
    func cMethod(in pool: AMQPPool) throws(CodecError) -> amqp_queue_declare_t {
        let arguments: amqp_table_t
        do throws(CodecError) { arguments = try self.arguments.cTable(in: pool) } catch { throw error.inField("arguments") }
        return try amqp_queue_declare_t(
            ticket: 0, queue: pool.bytes(queue), passive: passive.amqpBoolean, durable: durable.amqpBoolean,
            exclusive: exclusive.amqpBoolean, auto_delete: autoDelete.amqpBoolean, nowait: noWait.amqpBoolean,
            arguments: arguments)
    }

    /// Copies a decoded `amqp_queue_declare_t` out.
    init(_ c: amqp_queue_declare_t) throws(CodecError) {
        let arguments: FieldTable
        do throws(CodecError) { arguments = try FieldTable(c.arguments) } catch { throw error.inField("arguments") }
        self.init(
            queue: try c.queue.utf8String(field: "queue"), passive: c.passive != 0, durable: c.durable != 0,
            exclusive: c.exclusive != 0, autoDelete: c.auto_delete != 0, noWait: c.nowait != 0,
            arguments: arguments)
    }
}
