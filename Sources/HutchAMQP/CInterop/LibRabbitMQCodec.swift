internal import CRabbitMQ
import HutchConventions

/// librabbitmq's own codec (`amqp_encode_*` / `amqp_decode_*`) behind Swift types.
///
/// The only way the rest of the module reaches librabbitmq's wire code: every function
/// takes and returns Swift values, runs in a fresh pool (``withAMQPPool(_:)``) and copies
/// its result out before the pool is emptied. Lengths must already be checked by
/// ``WireSize``; `sizeHint` is that measured size.
enum LibRabbitMQCodec {
    /// librabbitmq's method number: the class id in the high 16 bits, the method id low.
    static func methodNumber(classID: UInt16, methodID: UInt16) -> amqp_method_number_t {
        UInt32(classID) << 16 | UInt32(methodID)
    }

    /// librabbitmq's name for a method (`"AMQP_CONNECTION_START_METHOD"`), or `nil` when
    /// it does not know the ids.
    static func libraryMethodName(classID: UInt16, methodID: UInt16) -> String? {
        guard let name = amqp_method_name(methodNumber(classID: classID, methodID: methodID)) else {
            return nil
        }
        return String(cString: name)
    }

    // MARK: Methods

    /// The method's arguments as `amqp_encode_method` writes them (no class and method ids).
    static func encodeArguments(
        of method: AMQPMethod, sizeHint: Int, initialCapacity: Int? = nil
    ) throws(CodecError) -> [UInt8] {
        let number = methodNumber(classID: method.id.classID, methodID: method.id.methodID)
        return try withAMQPPool { pool throws(CodecError) in
            func encode<T>(_ cMethod: T) throws(CodecError) -> [UInt8] {
                var value = cMethod
                return try EncodeBuffer.encode(
                    sizeHint: sizeHint, initialCapacity: initialCapacity, function: "amqp_encode_method",
                    what: "the \(method.name) arguments"
                ) { buffer in
                    withUnsafeMutablePointer(to: &value) { amqp_encode_method(number, $0, buffer) }
                }
            }
            switch method {
            case .exchangeDeclare(let m): return try encode(m.cMethod(in: pool))
            case .queueDeclare(let m): return try encode(m.cMethod(in: pool))
            case .queueBind(let m): return try encode(m.cMethod(in: pool))
            case .basicQos(let m): return try encode(m.cMethod)
            case .basicConsume(let m): return try encode(m.cMethod(in: pool))
            case .basicPublish(let m): return try encode(m.cMethod(in: pool))
            case .basicDeliver(let m): return try encode(m.cMethod(in: pool))
            case .basicAck(let m): return try encode(m.cMethod)
            case .basicNack(let m): return try encode(m.cMethod)
            case .basicReject(let m): return try encode(m.cMethod)
            case .channelClose(let m): return try encode(m.cChannelClose(in: pool))
            case .connectionClose(let m): return try encode(m.cConnectionClose(in: pool))
            }
        }
    }

    /// The method decoded from its arguments with `amqp_decode_method`; the ids must name
    /// a method ``MethodCatalog`` supports.
    static func decodeArguments(
        classID: UInt16, methodID: UInt16, _ arguments: ArraySlice<UInt8>
    ) throws(CodecError) -> AMQPMethod {
        let number = methodNumber(classID: classID, methodID: methodID)
        return try withAMQPPool { pool throws(CodecError) in
            var decoded: UnsafeMutableRawPointer?
            let status = arguments.withUnsafeBytes { raw in
                amqp_decode_method(
                    number, pool.pointer,
                    amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)),
                    &decoded)
            }
            guard status >= 0, let decoded else {
                throw LibRabbitMQStatus.error(
                    status, function: "amqp_decode_method", decoding: true,
                    expected: "a complete, well-formed argument list",
                    found: "\(arguments.count) argument bytes")
            }
            func load<T>(_ type: T.Type) -> T { decoded.assumingMemoryBound(to: T.self).pointee }
            switch (classID, methodID) {
            case (40, 10): return .exchangeDeclare(try ExchangeDeclare(load(amqp_exchange_declare_t.self)))
            case (50, 10): return .queueDeclare(try QueueDeclare(load(amqp_queue_declare_t.self)))
            case (50, 20): return .queueBind(try QueueBind(load(amqp_queue_bind_t.self)))
            case (60, 10): return .basicQos(BasicQos(load(amqp_basic_qos_t.self)))
            case (60, 20): return .basicConsume(try BasicConsume(load(amqp_basic_consume_t.self)))
            case (60, 40): return .basicPublish(try BasicPublish(load(amqp_basic_publish_t.self)))
            case (60, 60): return .basicDeliver(try BasicDeliver(load(amqp_basic_deliver_t.self)))
            case (60, 80): return .basicAck(BasicAck(load(amqp_basic_ack_t.self)))
            case (60, 90): return .basicReject(BasicReject(load(amqp_basic_reject_t.self)))
            case (60, 120): return .basicNack(BasicNack(load(amqp_basic_nack_t.self)))
            case (20, 40): return .channelClose(try Close(load(amqp_channel_close_t.self)))
            case (10, 50): return .connectionClose(try Close(load(amqp_connection_close_t.self)))
            default:
                throw CodecError(
                    code: .unsupportedMethod, operation: .decodeMethod, classID: classID, methodID: methodID,
                    expected: "one of \(MethodCatalog.supportedList)", found: "\(classID).\(methodID)")
            }
        }
    }

    // MARK: Content-header properties

    /// The `basic` property flags and list as `amqp_encode_properties` writes them.
    static func encodeProperties(
        _ properties: BasicProperties, sizeHint: Int, initialCapacity: Int? = nil
    ) throws(CodecError) -> [UInt8] {
        try withAMQPPool { pool throws(CodecError) in
            var cProperties = try properties.cProperties(in: pool)
            return try EncodeBuffer.encode(
                sizeHint: sizeHint, initialCapacity: initialCapacity, function: "amqp_encode_properties",
                what: "the basic properties"
            ) { buffer in
                withUnsafeMutablePointer(to: &cProperties) { amqp_encode_properties(60, $0, buffer) }
            }
        }
    }

    /// `basic` properties decoded from their flags and list with `amqp_decode_properties`.
    static func decodeProperties(_ encoded: ArraySlice<UInt8>) throws(CodecError) -> BasicProperties {
        try withAMQPPool { pool throws(CodecError) in
            var decoded: UnsafeMutableRawPointer?
            let status = encoded.withUnsafeBytes { raw in
                amqp_decode_properties(
                    60, pool.pointer,
                    amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)),
                    &decoded)
            }
            guard status >= 0, let decoded else {
                throw LibRabbitMQStatus.error(
                    status, function: "amqp_decode_properties", decoding: true,
                    expected: "complete, well-formed basic property flags and list",
                    found: "\(encoded.count) property bytes")
            }
            return try BasicProperties(decoded.assumingMemoryBound(to: amqp_basic_properties_t.self).pointee)
        }
    }

    // MARK: Field tables

    /// The table (4-byte length, then the entries) as `amqp_encode_table` writes it.
    static func encodeTable(
        _ table: FieldTable, sizeHint: Int, initialCapacity: Int? = nil
    ) throws(CodecError) -> [UInt8] {
        try withAMQPPool { pool throws(CodecError) in
            var cTable = try table.cTable(in: pool)
            return try EncodeBuffer.encode(
                sizeHint: sizeHint, initialCapacity: initialCapacity, function: "amqp_encode_table",
                what: "the field table"
            ) { buffer in
                var offset = 0
                let status = withUnsafeMutablePointer(to: &cTable) { amqp_encode_table(buffer, $0, &offset) }
                guard status >= 0 else { return status }
                return Int32(clamping: offset)
            }
        }
    }

    /// A table decoded with `amqp_decode_table` from the start of `encoded`, and the
    /// number of bytes it took.
    static func decodeTable(_ encoded: ArraySlice<UInt8>) throws(CodecError) -> (table: FieldTable, byteCount: Int) {
        try withAMQPPool { pool throws(CodecError) in
            var cTable = amqp_table_t()
            var offset = 0
            let status = encoded.withUnsafeBytes { raw in
                amqp_decode_table(
                    amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)),
                    pool.pointer, &cTable, &offset)
            }
            guard status >= 0 else {
                throw LibRabbitMQStatus.error(
                    status, function: "amqp_decode_table", decoding: true,
                    expected: "a complete, well-formed field table", found: "\(encoded.count) bytes")
            }
            return (try FieldTable(cTable), offset)
        }
    }
}
