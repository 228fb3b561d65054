import HutchAMQP
import HutchConventions
import Testing

/// Each modelled method against a payload written by hand from the AMQP 0-9-1 spec.
@Suite struct MethodCodecTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        var method: AMQPMethod
        var hex: String
        var testDescription: String { method.name }
    }

    static let quorumArguments = FieldTable(pairs: [("x-queue-type", .string("quorum"))])

    static let samples: [Sample] = [
        Sample(
            method: .basicPublish(BasicPublish(exchange: "hutch", routingKey: "orders.created")),
            hex: "003c002800000568757463680e6f72646572732e6372656174656400"),
        Sample(
            method: .basicPublish(BasicPublish(exchange: "", routingKey: "q", mandatory: true, immediate: true)),
            hex: "003c0028 0000 00 0171 03"),
        Sample(
            // ticket 0, "hutch", "topic", bits: passive 0 durable 1 auto-delete 0 internal 0 nowait 0, empty table
            method: .exchangeDeclare(ExchangeDeclare(exchange: "hutch")),
            hex: "0028000a 0000 056875746368 05746f706963 02 00000000"),
        Sample(
            method: .exchangeDeclare(
                ExchangeDeclare(
                    exchange: "x", type: "fanout", passive: true, durable: false, autoDelete: true, internal: true,
                    noWait: true)),
            hex: "0028000a 0000 0178 0666616e6f7574 1d 00000000"),
        Sample(
            // table: length 24, key "x-queue-type", 'S', length 6, "quorum"
            method: .queueDeclare(QueueDeclare(queue: "q", arguments: quorumArguments)),
            hex: "0032000a 0000 0171 02 00000018 0c782d71756575652d74797065 53 00000006 71756f72756d"),
        Sample(
            method: .queueDeclare(
                QueueDeclare(
                    queue: "", passive: true, durable: false, exclusive: true, autoDelete: true, noWait: true)),
            hex: "0032000a 0000 00 1d 00000000"),
        Sample(
            method: .queueBind(QueueBind(queue: "q", exchange: "hutch", routingKey: "a.b")),
            hex: "00320014 0000 0171 056875746368 03612e62 00 00000000"),
        Sample(
            method: .basicQos(BasicQos(prefetchCount: 20)),
            hex: "003c000a 00000000 0014 00"),
        Sample(
            method: .basicQos(BasicQos(prefetchSize: 65536, prefetchCount: 65535, global: true)),
            hex: "003c000a 00010000 ffff 01"),
        Sample(
            // bits: no-local 0 no-ack 1 exclusive 0 nowait 0
            method: .basicConsume(BasicConsume(queue: "q", consumerTag: "tag", noAck: true)),
            hex: "003c0014 0000 0171 03746167 02 00000000"),
        Sample(
            method: .basicConsume(
                BasicConsume(
                    queue: "q", consumerTag: "", noLocal: true, exclusive: true, noWait: true)),
            hex: "003c0014 0000 0171 00 0d 00000000"),
        Sample(
            method: .basicDeliver(
                BasicDeliver(
                    consumerTag: "tag", deliveryTag: 1, redelivered: true, exchange: "hutch", routingKey: "k")),
            hex: "003c003c 03746167 0000000000000001 01 056875746368 016b"),
        Sample(
            method: .basicAck(BasicAck(deliveryTag: 42)),
            hex: "003c0050 000000000000002a 00"),
        Sample(
            method: .basicAck(BasicAck(deliveryTag: .max, multiple: true)),
            hex: "003c0050 ffffffffffffffff 01"),
        Sample(
            // bits: multiple 0, requeue 1
            method: .basicNack(BasicNack(deliveryTag: 1, requeue: true)),
            hex: "003c0078 0000000000000001 02"),
        Sample(
            method: .basicNack(BasicNack(deliveryTag: 2, multiple: true, requeue: false)),
            hex: "003c0078 0000000000000002 01"),
        Sample(
            method: .basicReject(BasicReject(deliveryTag: 7, requeue: false)),
            hex: "003c005a 0000000000000007 00"),
        Sample(
            method: .basicReject(BasicReject(deliveryTag: 7, requeue: true)),
            hex: "003c005a 0000000000000007 01"),
        Sample(
            method: .channelClose(
                Close(
                    replyCode: 406, replyText: "PRECONDITION_FAILED - unknown delivery tag 1", classID: 60,
                    methodID: 80)),
            hex: "00140028 0196 " + HexBytes.shortString("PRECONDITION_FAILED - unknown delivery tag 1")
                + " 003c 0050"),
        Sample(
            method: .connectionClose(Close(replyCode: 320, replyText: "CONNECTION_FORCED")),
            hex: "000a0032 0140 " + HexBytes.shortString("CONNECTION_FORCED") + " 0000 0000")
    ]

    @Test("Encodes to the spec's bytes", arguments: samples)
    func encode(sample: Sample) throws {
        let expected = try #require(HexBytes.decode(sample.hex))
        let encoded = try MethodCodec.encode(sample.method)
        #expect(HexBytes.encode(encoded) == HexBytes.encode(expected))
    }

    @Test("Decodes the spec's bytes", arguments: samples)
    func decode(sample: Sample) throws {
        let payload = try #require(HexBytes.decode(sample.hex))
        #expect(try MethodCodec.decode(payload) == sample.method)
    }

    @Test("Ids in the payload are the method's class and method ids", arguments: samples)
    func ids(sample: Sample) throws {
        let payload = try MethodCodec.encode(sample.method)
        #expect(UInt16(payload[0]) << 8 | UInt16(payload[1]) == sample.method.id.classID)
        #expect(UInt16(payload[2]) << 8 | UInt16(payload[3]) == sample.method.id.methodID)
    }

    @Test("Short strings of exactly 255 bytes and non-ASCII text round-trip")
    func shortStringBoundary() throws {
        let longest = String(repeating: "é", count: 127) + "a"  // 255 UTF-8 bytes
        #expect(longest.utf8.count == 255)
        let method = AMQPMethod.queueBind(QueueBind(queue: longest, exchange: "hütch", routingKey: "🐇.*"))
        let payload = try MethodCodec.encode(method)
        #expect(payload[6] == 255)
        #expect(try MethodCodec.decode(payload) == method)
    }

    @Test("Tables in method arguments keep order and duplicate keys")
    func argumentsOrder() throws {
        let arguments = FieldTable(pairs: [
            ("z", .int64(1)), ("a", .int64(2)), ("z", .string("again")), ("x-nested", .table(FieldTable()))
        ])
        let method = AMQPMethod.basicConsume(BasicConsume(queue: "q", consumerTag: "t", arguments: arguments))
        #expect(try MethodCodec.decode(MethodCodec.encode(method)) == method)
    }
}
