import HutchAMQP
import HutchConventions
import Testing

/// Refused input gives a typed ``CodecError`` whose message says where and why.
@Suite struct CodecErrorTests {
    static let publish = AMQPMethod.basicPublish(BasicPublish(exchange: "hutch", routingKey: "orders.created"))

    /// The error `body` throws, or a recorded failure.
    func codecError<T>(_ body: () throws(CodecError) -> T) -> CodecError? {
        do {
            _ = try body()
            Issue.record("expected a CodecError")
            return nil
        } catch {
            return error
        }
    }

    @Test("A method payload without its ids is truncated")
    func truncatedIDs() throws {
        let error = try #require(codecError { () throws(CodecError) in try MethodCodec.decode([0x00, 0x3c]) })
        #expect(error.code == .truncatedPayload)
        #expect(error.operation == .decodeMethod)
        #expect(error.description.contains("expected at least 4 bytes (class id, method id), found 2 bytes (003c)"))
    }

    @Test("Truncated arguments are refused by librabbitmq, with its status text")
    func truncatedArguments() throws {
        let payload = try MethodCodec.encode(Self.publish)
        let error = try #require(codecError { () throws(CodecError) in try MethodCodec.decode(Array(payload.dropLast(3))) })
        #expect(error.code == .malformedPayload)
        #expect(error.methodName == "basic.publish")
        #expect(error.classID == 60 && error.methodID == 40)
        #expect(error.libraryStatus == -2)
        let message = error.description
        #expect(message.contains("decode method 60.40 basic.publish: malformed payload"))
        #expect(message.contains("amqp_decode_method failed on 21 argument bytes"))
        #expect(message.contains("librabbitmq status -2: "))
        #expect(error.libraryStatusText?.isEmpty == false)
    }

    @Test("Every truncation of every sample method is a typed error, never a crash")
    func everyTruncation() throws {
        let methods: [AMQPMethod] = [
            Self.publish,
            .queueDeclare(QueueDeclare(queue: "q", arguments: FieldTable(pairs: [("a", .array([.string("x")]))]))),
            .basicDeliver(BasicDeliver(consumerTag: "t", deliveryTag: 9, redelivered: false, exchange: "e", routingKey: "k")),
            .channelClose(Close(replyCode: 406, replyText: "x"))
        ]
        for method in methods {
            let payload = try MethodCodec.encode(method)
            for length in 0..<payload.count {
                let error = codecError { () throws(CodecError) in try MethodCodec.decode(Array(payload.prefix(length))) }
                #expect(error?.code == (length < 4 ? .truncatedPayload : .malformedPayload), "\(method.name) cut to \(length)")
            }
        }
    }

    @Test("Bytes after the arguments are refused")
    func trailingBytes() throws {
        let payload = try MethodCodec.encode(Self.publish) + [0]
        let error = try #require(codecError { () throws(CodecError) in try MethodCodec.decode(payload) })
        #expect(error.code == .trailingBytes)
        #expect(error.description.contains("expected 24 argument bytes, found 25 argument bytes"))
    }

    @Test("A method librabbitmq knows but the model does not names both ids and librabbitmq's name")
    func unsupportedKnownMethod() throws {
        // connection.start-ok's ids with no arguments
        let error = try #require(codecError { () throws(CodecError) in try MethodCodec.decode([0x00, 0x0a, 0x00, 0x0b]) })
        #expect(error.code == .unsupportedMethod)
        #expect(error.classID == 10 && error.methodID == 11)
        #expect(error.description.contains("found class 10 method 11 (librabbitmq: AMQP_CONNECTION_START_OK_METHOD)"))
        #expect(error.description.contains("basic.publish (60.40)"))
    }

    @Test("Unknown ids are an unsupported method")
    func unknownMethod() throws {
        let error = try #require(codecError { () throws(CodecError) in try MethodCodec.decode([0x03, 0xe7, 0x00, 0x07, 0x01]) })
        #expect(error.code == .unsupportedMethod)
        #expect(error.description.hasPrefix("decode method 999.7: unsupported method"))
        #expect(error.description.contains("found class 999 method 7 (unknown to librabbitmq)"))
    }

    @Test("A short string over 255 bytes is refused before encoding")
    func overLongShortString() throws {
        let long = String(repeating: "a", count: 256)
        let error = try #require(
            codecError { () throws(CodecError) in
                try MethodCodec.encode(.basicPublish(BasicPublish(exchange: "hutch", routingKey: long)))
            })
        #expect(error.code == .shortStringTooLong)
        #expect(error.field == "routing_key")
        #expect(error.libraryStatus == nil)
        #expect(error.description.hasPrefix("encode method 60.40 basic.publish field routing_key: short string too long"))
        #expect(error.description.contains("expected a short string of at most 255 UTF-8 bytes, found 256 bytes"))
    }

    @Test("A table key over 255 bytes is refused, with the path to it")
    func overLongTableKey() throws {
        let long = String(repeating: "k", count: 300)
        let arguments = FieldTable(pairs: [("outer", .array([.int8(1), .table(FieldTable(pairs: [(long, .void)]))]))])
        let error = try #require(
            codecError { () throws(CodecError) in
                try MethodCodec.encode(.queueDeclare(QueueDeclare(queue: "q", arguments: arguments)))
            })
        #expect(error.code == .shortStringTooLong)
        #expect(error.field?.hasPrefix("arguments[\"outer\"][1][\"kkkk") == true)
        #expect(error.description.contains("found a key of 300 bytes"))
    }

    @Test("An over-long property or header key is refused in content headers")
    func overLongProperty() throws {
        let long = String(repeating: "é", count: 128)  // 256 bytes
        let error = try #require(
            codecError { () throws(CodecError) in
                try ContentHeaderCodec.encode(properties: BasicProperties(messageID: long), bodySize: 0)
            })
        #expect(error.code == .shortStringTooLong)
        #expect(error.operation == .encodeContentHeader)
        #expect(error.description.hasPrefix("encode content header class 60 field message_id"))
        let headerError = try #require(
            codecError { () throws(CodecError) in
                try ContentHeaderCodec.encode(properties: BasicProperties(headers: FieldTable(pairs: [(long, .void)])), bodySize: 0)
            })
        #expect(headerError.field?.hasPrefix("headers[") == true)
    }

    @Test("A standalone table with an over-long key is refused")
    func overLongStandaloneKey() throws {
        let error = try #require(
            codecError { () throws(CodecError) in
                try FieldTableCodec.encode(FieldTable(pairs: [(String(repeating: "x", count: 256), .void)]))
            })
        #expect(error.code == .shortStringTooLong)
        #expect(error.operation == .encodeFieldTable)
    }

    @Test("A short string that is not UTF-8 is refused on decoding, naming the field")
    func invalidUTF8ShortString() throws {
        let payload = try #require(HexBytes.decode("003c0028 0000 02ff41 0161 00"))
        let error = try #require(codecError { () throws(CodecError) in try MethodCodec.decode(payload) })
        #expect(error.code == .invalidUTF8)
        #expect(error.field == "exchange")
        #expect(error.description.contains("found bytes ff41"))
    }

    @Test("An unknown field-value type octet is refused by librabbitmq")
    func unknownFieldType() throws {
        // queue.declare "q" with arguments {"k": 'Z' ...}
        let payload = try #require(HexBytes.decode("0032000a 0000 0171 02 00000004 016b 5a 00"))
        let error = try #require(codecError { () throws(CodecError) in try MethodCodec.decode(payload) })
        #expect(error.code == .malformedPayload)
        #expect(error.description.contains("queue.declare"))
    }

    @Test("Content headers: truncated, wrong class, weight, unknown flags, trailing bytes")
    func contentHeaderErrors() throws {
        let cases: [(String, CodecError.Code, String)] = [
            ("003c0000 0000000000000000", .truncatedPayload, "expected at least 14 bytes"),
            ("000a0000 0000000000000000 0000", .unsupportedClass, "expected class id 60 (basic), found class id 10"),
            (
                "003c0001 0000000000000000 0000", .nonZeroWeight,
                "field weight: non-zero content-header weight: expected weight 0, found weight 1"
            ),
            ("003c0000 0000000000000000 0002", .unsupportedPropertyFlags, "found flags 0x2"),
            ("003c0000 0000000000000000 8000 05616263", .malformedPayload, "amqp_decode_properties failed on 6 property bytes"),
            ("003c0000 0000000000000000 0000 00", .trailingBytes, "expected 2 property bytes, found 3 property bytes")
        ]
        for (hex, code, text) in cases {
            let payload = try #require(HexBytes.decode(hex))
            let error = try #require(codecError { () throws(CodecError) in try ContentHeaderCodec.decode(payload) })
            #expect(error.code == code, "\(hex)")
            #expect(error.operation == .decodeContentHeader)
            #expect(error.description.contains(text), "\(error.description)")
        }
    }

    @Test("Standalone tables: truncated and trailing bytes")
    func tableErrors() throws {
        let truncated = try #require(codecError { () throws(CodecError) in try FieldTableCodec.decode([0, 0, 0, 5, 1]) })
        #expect(truncated.code == .malformedPayload)
        #expect(truncated.operation == .decodeFieldTable)
        let trailing = try #require(codecError { () throws(CodecError) in try FieldTableCodec.decode([0, 0, 0, 0, 9]) })
        #expect(trailing.code == .trailingBytes)
        #expect(trailing.description.contains("expected a table of 5 bytes, found a table of 4 bytes"))
    }
}
