internal import CRabbitMQ

/// A librabbitmq allocation pool (`amqp_pool_t`) for the length of one codec call.
///
/// The codec builds librabbitmq's structures for encoding in it and lets
/// `amqp_decode_*` allocate decoded structures in it. Nothing allocated here outlives
/// ``withAMQPPool(_:)``: decoders copy every byte out into Swift values before it returns.
struct AMQPPool {
    /// The pool; valid only inside ``withAMQPPool(_:)``.
    let pointer: UnsafeMutablePointer<amqp_pool_t>

    /// The page size given to `init_amqp_pool`; larger allocations get their own block.
    static let pageSize = 4096

    /// Uninitialised, 8-byte-aligned memory for `count` values of `type`.
    func allocate<T>(_ type: T.Type, count: Int) throws(CodecError) -> UnsafeMutablePointer<T> {
        let byteCount = MemoryLayout<T>.stride * count
        guard let raw = amqp_pool_alloc(pointer, byteCount) else {
            throw LibRabbitMQStatus.error(
                Int32(AMQP_STATUS_NO_MEMORY.rawValue), function: "amqp_pool_alloc",
                expected: "\(byteCount) bytes of pool memory", found: "an allocation failure")
        }
        return raw.bindMemory(to: T.self, capacity: count)
    }

    /// `bytes` copied into the pool as an `amqp_bytes_t` (`len` 0 and no pointer when empty).
    func bytes(_ bytes: some Collection<UInt8>) throws(CodecError) -> amqp_bytes_t {
        let count = bytes.count
        guard count > 0 else { return amqp_bytes_t(len: 0, bytes: nil) }
        let storage = try allocate(UInt8.self, count: count)
        let buffer = UnsafeMutableBufferPointer(start: storage, count: count)
        _ = buffer.initialize(from: bytes)
        return amqp_bytes_t(len: count, bytes: UnsafeMutableRawPointer(storage))
    }

    /// The UTF-8 bytes of `text` copied into the pool.
    func bytes(_ text: String) throws(CodecError) -> amqp_bytes_t {
        try bytes(text.utf8)
    }
}

/// Runs `body` with a fresh pool and empties it (`empty_amqp_pool`) afterwards.
func withAMQPPool<R>(_ body: (AMQPPool) throws(CodecError) -> R) throws(CodecError) -> R {
    let storage = UnsafeMutablePointer<amqp_pool_t>.allocate(capacity: 1)
    init_amqp_pool(storage, AMQPPool.pageSize)
    defer {
        empty_amqp_pool(storage)
        storage.deallocate()
    }
    return try body(AMQPPool(pointer: storage))
}
