internal import CRabbitMQ
import HutchConventions

extension BasicConsume {
    /// The method as librabbitmq's `amqp_basic_consume_t` (ticket 0), its bytes in `pool`.
    func cMethod(in pool: AMQPPool) throws(CodecError) -> amqp_basic_consume_t {
        let arguments: amqp_table_t
        do throws(CodecError) { arguments = try self.arguments.cTable(in: pool) } catch { throw error.inField("arguments") }
        return try amqp_basic_consume_t(
            ticket: 0, queue: pool.bytes(queue), consumer_tag: pool.bytes(consumerTag),
            no_local: noLocal.amqpBoolean, no_ack: noAck.amqpBoolean, exclusive: exclusive.amqpBoolean,
            nowait: noWait.amqpBoolean, arguments: arguments)
    }

    /// Copies a decoded `amqp_basic_consume_t` out.
    init(_ c: amqp_basic_consume_t) throws(CodecError) {
        let arguments: FieldTable
        do throws(CodecError) { arguments = try FieldTable(c.arguments) } catch { throw error.inField("arguments") }
        self.init(
            queue: try c.queue.utf8String(field: "queue"),
            consumerTag: try c.consumer_tag.utf8String(field: "consumer_tag"), noLocal: c.no_local != 0,
            noAck: c.no_ack != 0, exclusive: c.exclusive != 0, noWait: c.nowait != 0, arguments: arguments)
    }
}
