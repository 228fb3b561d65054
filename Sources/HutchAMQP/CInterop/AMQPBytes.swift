internal import CRabbitMQ

extension amqp_bytes_t {
    /// The bytes copied out of librabbitmq's memory.
    var copiedBytes: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }

    /// The bytes as text; a short string that is not valid UTF-8 is an error, never repaired.
    func utf8String(field: String) throws(CodecError) -> String {
        let copied = copiedBytes
        guard let text = UTF8Text.string(validating: copied) else {
            throw CodecError(
                code: .invalidUTF8, operation: .decodeMethod, field: field,
                expected: "a UTF-8 short string", found: "bytes \(Hex.string(copied.prefix(64)))")
        }
        return text
    }
}

extension Bool {
    /// The value as librabbitmq's `amqp_boolean_t` (1 or 0).
    var amqpBoolean: amqp_boolean_t { self ? 1 : 0 }
}
