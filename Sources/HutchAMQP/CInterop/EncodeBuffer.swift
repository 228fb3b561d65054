internal import CRabbitMQ

/// Runs a librabbitmq encoder over a buffer that grows until the encoding fits.
///
/// librabbitmq's encoders never say how much room they need: when the buffer is too
/// small they fail with `AMQP_STATUS_BAD_AMQP_DATA` or `AMQP_STATUS_TABLE_TOO_BIG`. The
/// buffer starts at the measured size (``WireSize``), doubles on those statuses up to
/// twice that size (at least 64 KiB), and then gives up with librabbitmq's status.
enum EncodeBuffer {
    /// The bytes `write` produced. `write` gets the buffer and returns the number of
    /// bytes it wrote, or a negative librabbitmq status.
    static func encode(
        sizeHint: Int, initialCapacity: Int? = nil, function: String, what: String,
        write: (amqp_bytes_t) -> Int32
    ) throws(CodecError) -> [UInt8] {
        let limit = max(sizeHint, 32 * 1024) * 2
        var capacity = max(initialCapacity ?? sizeHint, 8)
        while true {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
            defer { buffer.deallocate() }
            let result = write(amqp_bytes_t(len: capacity, bytes: buffer.baseAddress))
            if result >= 0 {
                let written = Int(result)
                guard written <= capacity else {
                    throw CodecError(
                        code: .libraryFailure, operation: .encodeMethod,
                        expected: "\(function) to write at most \(capacity) bytes",
                        found: "\(written) bytes reported")
                }
                return Array(buffer[0..<written])
            }
            guard LibRabbitMQStatus.mayBeBufferTooSmall(result), capacity < limit else {
                throw LibRabbitMQStatus.error(
                    result, function: function,
                    expected: "\(what) to encode (\(sizeHint) bytes measured)",
                    found: "a \(capacity)-byte buffer")
            }
            capacity = min(capacity * 2, limit)
        }
    }
}
