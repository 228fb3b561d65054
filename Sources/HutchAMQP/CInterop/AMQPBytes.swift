internal import CRabbitMQ
import HutchConventions

extension amqp_bytes_t {
    /// The bytes copied out of librabbitmq's memory.
    var copiedBytes: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }

    /// The bytes as text; a short string that is not valid UTF-8 is an error, never repaired.
    /// Read straight from librabbitmq's memory (no intermediate array). `field` names the
    /// string in that error and is only built then.
    ///
    /// All-ASCII bytes (tags, exchanges, routing keys, message ids: nearly every short
    /// string) are valid UTF-8 as they are, so they skip the standard library's generic
    /// validation, which costs about a thousand instructions per string; other bytes are
    /// checked with the same rules without it (``RubyUTF8/string(validating:)``).
    func utf8String(field: @autoclosure () -> String) throws(CodecError) -> String {
        guard len > 0, let bytes else { return "" }
        let utf8 = UnsafeRawBufferPointer(start: bytes, count: len).assumingMemoryBound(to: UInt8.self)
        if utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
        guard let text = RubyUTF8.string(validating: utf8) else {
            throw CodecError(
                code: .invalidUTF8, operation: .decodeMethod, field: field(),
                expected: "a UTF-8 short string", found: "bytes \(Hex.string(copiedBytes.prefix(64)))")
        }
        return text
    }
}

extension Bool {
    /// The value as librabbitmq's `amqp_boolean_t` (1 or 0).
    var amqpBoolean: amqp_boolean_t { self ? 1 : 0 }
}
