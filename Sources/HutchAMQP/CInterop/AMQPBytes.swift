internal import CRabbitMQ

extension amqp_bytes_t {
    /// The bytes copied out of librabbitmq's memory.
    var copiedBytes: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }

    /// The bytes as text; a short string that is not valid UTF-8 is an error, never repaired.
    /// Read straight from librabbitmq's memory (no intermediate array).
    func utf8String(field: String) throws(CodecError) -> String {
        guard len > 0, let bytes else { return "" }
        let text = String(validating: UnsafeRawBufferPointer(start: bytes, count: len).assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        guard let text else {
            throw CodecError(
                code: .invalidUTF8, operation: .decodeMethod, field: field,
                expected: "a UTF-8 short string", found: "bytes \(Hex.string(copiedBytes.prefix(64)))")
        }
        return text
    }
}

extension Bool {
    /// The value as librabbitmq's `amqp_boolean_t` (1 or 0).
    var amqpBoolean: amqp_boolean_t { self ? 1 : 0 }
}
