import HutchConventions

/// Encodes and decodes AMQP 0-9-1 method frame payloads with librabbitmq's own codec.
///
/// A method payload is what a frame of type 1 carries between its 7-byte header and
/// its frame-end octet: the class id and method id (2 bytes each, big-endian), then
/// the arguments exactly as `amqp_encode_method` writes them. `ticket` fields are
/// written as 0. This is byte for byte what bunny (the client under Hutch) sends for
/// the same method: every method frame recorded from the Ruby gems decodes and
/// re-encodes to identical bytes.
///
/// ```swift
/// let payload = try MethodCodec.encode(.basicPublish(BasicPublish(exchange: "hutch", routingKey: "orders.created")))
/// // 00 3c 00 28 00 00 05 "hutch" 0e "orders.created" 00
/// let method = try MethodCodec.decode(payload)
/// ```
package enum MethodCodec {
    /// The method frame payload for `method`: class id, method id, arguments.
    ///
    /// - Throws: ``CodecError`` with code
    ///   ``CodecError/Code-swift.struct/shortStringTooLong`` when a short string or table
    ///   key is over 255 bytes (checked before librabbitmq sees it), or when librabbitmq
    ///   cannot encode the arguments.
    package static func encode(_ method: AMQPMethod) throws(CodecError) -> [UInt8] {
        let (classID, methodID) = method.id
        do throws(CodecError) {
            let size = try WireSize.arguments(of: method)
            let arguments = try LibRabbitMQCodec.encodeArguments(of: method, sizeHint: size)
            var payload: [UInt8] = []
            payload.reserveCapacity(4 + arguments.count)
            payload.append(contentsOf: BigEndian.bytes(classID))
            payload.append(contentsOf: BigEndian.bytes(methodID))
            payload.append(contentsOf: arguments)
            return payload
        } catch {
            throw error.during(.encodeMethod).inMethod(name: method.name, classID: classID, methodID: methodID)
        }
    }

    /// The method in a method frame payload (class id, method id, arguments).
    ///
    /// Short strings and table keys must be valid UTF-8; long strings stay raw bytes.
    ///
    /// - Throws: ``CodecError`` with code
    ///   ``CodecError/Code-swift.struct/truncatedPayload`` when the ids are missing,
    ///   ``CodecError/Code-swift.struct/unsupportedMethod`` (naming the ids) for a method
    ///   `AMQPMethod` does not model, ``CodecError/Code-swift.struct/malformedPayload``
    ///   when librabbitmq refuses the arguments (truncated, unknown field type, …),
    ///   ``CodecError/Code-swift.struct/trailingBytes`` when bytes follow the arguments,
    ///   and ``CodecError/Code-swift.struct/invalidUTF8`` for a short string that is not UTF-8.
    package static func decode(_ payload: [UInt8]) throws(CodecError) -> AMQPMethod {
        guard payload.count >= 4 else {
            throw CodecError(
                code: .truncatedPayload, operation: .decodeMethod,
                expected: "at least 4 bytes (class id, method id)",
                found: "\(payload.count) bytes (\(Hex.string(payload)))")
        }
        let classID = BigEndian.uint16(payload[0], payload[1])
        let methodID = BigEndian.uint16(payload[2], payload[3])
        guard let name = MethodCatalog.name(classID: classID, methodID: methodID) else {
            let known = LibRabbitMQCodec.libraryMethodName(classID: classID, methodID: methodID)
            throw CodecError(
                code: .unsupportedMethod, operation: .decodeMethod, classID: classID, methodID: methodID,
                expected: "one of \(MethodCatalog.supportedList)",
                found: "class \(classID) method \(methodID)"
                    + (known.map { " (librabbitmq: \($0))" } ?? " (unknown to librabbitmq)"))
        }
        do throws(CodecError) {
            let arguments = payload[4...]
            let method = try LibRabbitMQCodec.decodeArguments(classID: classID, methodID: methodID, arguments)
            let size = try WireSize.arguments(of: method)
            guard size == arguments.count else {
                throw CodecError(
                    code: .trailingBytes, operation: .decodeMethod,
                    expected: "\(size) argument bytes", found: "\(arguments.count) argument bytes")
            }
            return method
        } catch {
            throw error.during(.decodeMethod).inMethod(name: name, classID: classID, methodID: methodID)
        }
    }
}
