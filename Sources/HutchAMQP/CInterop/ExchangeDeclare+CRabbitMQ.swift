internal import CRabbitMQ
import HutchConventions

extension ExchangeDeclare {
    /// The method as librabbitmq's `amqp_exchange_declare_t` (ticket 0), its bytes in `pool`.
    func cMethod(in pool: AMQPPool) throws(CodecError) -> amqp_exchange_declare_t {
        let arguments: amqp_table_t
        do throws(CodecError) { arguments = try self.arguments.cTable(in: pool) } catch { throw error.inField("arguments") }
        return try amqp_exchange_declare_t(
            ticket: 0, exchange: pool.bytes(exchange), type: pool.bytes(type),
            passive: passive.amqpBoolean, durable: durable.amqpBoolean, auto_delete: autoDelete.amqpBoolean,
            internal: self.internal.amqpBoolean, nowait: noWait.amqpBoolean, arguments: arguments)
    }

    /// Copies a decoded `amqp_exchange_declare_t` out.
    init(_ c: amqp_exchange_declare_t) throws(CodecError) {
        let arguments: FieldTable
        do throws(CodecError) { arguments = try FieldTable(c.arguments) } catch { throw error.inField("arguments") }
        self.init(
            exchange: try c.exchange.utf8String(field: "exchange"), type: try c.type.utf8String(field: "type"),
            passive: c.passive != 0, durable: c.durable != 0, autoDelete: c.auto_delete != 0,
            internal: c.internal != 0, noWait: c.nowait != 0, arguments: arguments)
    }
}
