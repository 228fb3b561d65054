import HutchConventions

/// Reads the format's method objects (`{"method": "queue.declare", "queue": …}`)
/// into the core's ``AMQPMethod``.
struct RecordedMethodReader {
    let values: TypedValueReader

    init(file: String) { self.values = TypedValueReader(file: file) }

    func method(_ reader: FieldReader) throws(CaseFileError) -> AMQPMethod {
        func table(_ key: String) throws(CaseFileError) -> FieldTable {
            try values.table(try reader.value(key), path: reader.fieldPath(key))
        }
        func short<T: FixedWidthInteger>(_ key: String, _: T.Type) throws(CaseFileError) -> T {
            guard let exact = T(exactly: try reader.int(key)) else { throw reader.error(key, expected: "an integer that fits \(T.self)") }
            return exact
        }
        let name = try reader.string("method")
        switch name {
        case "exchange.declare":
            return .exchangeDeclare(
                ExchangeDeclare(
                    exchange: try reader.string("exchange"), type: try reader.string("type"), passive: try reader.bool("passive"),
                    durable: try reader.bool("durable"), autoDelete: try reader.bool("auto_delete"), internal: try reader.bool("internal"),
                    noWait: try reader.bool("nowait"), arguments: try table("arguments")))
        case "queue.declare":
            return .queueDeclare(
                QueueDeclare(
                    queue: try reader.string("queue"), passive: try reader.bool("passive"), durable: try reader.bool("durable"),
                    exclusive: try reader.bool("exclusive"), autoDelete: try reader.bool("auto_delete"), noWait: try reader.bool("nowait"),
                    arguments: try table("arguments")))
        case "queue.bind":
            return .queueBind(
                QueueBind(
                    queue: try reader.string("queue"), exchange: try reader.string("exchange"),
                    routingKey: try reader.string("routing_key"),
                    noWait: try reader.bool("nowait"), arguments: try table("arguments")))
        case "basic.qos":
            return .basicQos(
                BasicQos(
                    prefetchSize: try short("prefetch_size", UInt32.self), prefetchCount: try short("prefetch_count", UInt16.self),
                    global: try reader.bool("global")))
        case "basic.consume":
            return .basicConsume(
                BasicConsume(
                    queue: try reader.string("queue"), consumerTag: try reader.string("consumer_tag"), noLocal: try reader.bool("no_local"),
                    noAck: try reader.bool("no_ack"), exclusive: try reader.bool("exclusive"), noWait: try reader.bool("nowait"),
                    arguments: try table("arguments")))
        case "basic.ack":
            return .basicAck(
                BasicAck(deliveryTag: try short("delivery_tag", UInt64.self), multiple: try reader.bool("multiple", default: false)))
        case "basic.nack":
            return .basicNack(
                BasicNack(
                    deliveryTag: try short("delivery_tag", UInt64.self), multiple: try reader.bool("multiple", default: false),
                    requeue: try reader.bool("requeue", default: true)))
        case "basic.reject":
            return .basicReject(
                BasicReject(deliveryTag: try short("delivery_tag", UInt64.self), requeue: try reader.bool("requeue", default: true)))
        case "channel.close", "connection.close":
            let close = Close(
                replyCode: try short("reply_code", UInt16.self), replyText: try reader.string("reply_text"),
                classID: try short("class_id", UInt16.self), methodID: try short("method_id", UInt16.self))
            return name == "channel.close" ? .channelClose(close) : .connectionClose(close)
        default:
            throw reader.error(
                "method",
                expected:
                    "a method this format records (exchange.declare, queue.declare, queue.bind, basic.qos, basic.consume, basic.ack, basic.nack, basic.reject, channel.close, connection.close)"
            )
        }
    }
}
