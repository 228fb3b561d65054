internal import CRabbitMQ
import HutchConventions

extension BasicProperties {
    /// The flag bits of the 14 `basic` properties; every other bit is unsupported.
    static let knownFlags: UInt32 = 0xFFFC

    /// The properties as librabbitmq's `amqp_basic_properties_t`: a flag bit set for
    /// each present property, its bytes and headers in `pool`.
    func cProperties(in pool: AMQPPool) throws(CodecError) -> amqp_basic_properties_t {
        var c = amqp_basic_properties_t()
        var flags: UInt32 = 0
        func flag(_ bit: Int32) -> UInt32 { UInt32(bitPattern: bit) }
        if let v = contentType {
            c.content_type = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_CONTENT_TYPE_FLAG)
        }
        if let v = contentEncoding {
            c.content_encoding = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_CONTENT_ENCODING_FLAG)
        }
        if let v = headers {
            do throws(CodecError) {
                c.headers = try v.cTable(in: pool)
            } catch {
                throw error.inField("headers")
            }
            flags |= flag(AMQP_BASIC_HEADERS_FLAG)
        }
        if let v = deliveryMode {
            c.delivery_mode = v
            flags |= flag(AMQP_BASIC_DELIVERY_MODE_FLAG)
        }
        if let v = priority {
            c.priority = v
            flags |= flag(AMQP_BASIC_PRIORITY_FLAG)
        }
        if let v = correlationID {
            c.correlation_id = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_CORRELATION_ID_FLAG)
        }
        if let v = replyTo {
            c.reply_to = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_REPLY_TO_FLAG)
        }
        if let v = expiration {
            c.expiration = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_EXPIRATION_FLAG)
        }
        if let v = messageID {
            c.message_id = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_MESSAGE_ID_FLAG)
        }
        if let v = timestamp {
            c.timestamp = v
            flags |= flag(AMQP_BASIC_TIMESTAMP_FLAG)
        }
        if let v = type {
            c.type = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_TYPE_FLAG)
        }
        if let v = userID {
            c.user_id = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_USER_ID_FLAG)
        }
        if let v = appID {
            c.app_id = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_APP_ID_FLAG)
        }
        if let v = clusterID {
            c.cluster_id = try pool.bytes(v)
            flags |= flag(AMQP_BASIC_CLUSTER_ID_FLAG)
        }
        c._flags = flags
        return c
    }

    /// Copies decoded librabbitmq properties out: a property is present exactly when
    /// its flag bit is set.
    init(_ c: amqp_basic_properties_t) throws(CodecError) {
        let flags = c._flags
        guard flags & ~Self.knownFlags == 0 else {
            throw CodecError(
                code: .unsupportedPropertyFlags, operation: .decodeContentHeader, field: "property flags",
                expected: "only the 14 basic property bits (mask 0xfffc)",
                found: "flags 0x\(String(flags, radix: 16))")
        }
        func has(_ bit: Int32) -> Bool { flags & UInt32(bitPattern: bit) != 0 }
        self.init()
        if has(AMQP_BASIC_CONTENT_TYPE_FLAG) { contentType = try c.content_type.utf8String(field: "content_type") }
        if has(AMQP_BASIC_CONTENT_ENCODING_FLAG) {
            contentEncoding = try c.content_encoding.utf8String(field: "content_encoding")
        }
        if has(AMQP_BASIC_HEADERS_FLAG) {
            do throws(CodecError) {
                headers = try FieldTable(c.headers)
            } catch {
                throw error.inField("headers")
            }
        }
        if has(AMQP_BASIC_DELIVERY_MODE_FLAG) { deliveryMode = c.delivery_mode }
        if has(AMQP_BASIC_PRIORITY_FLAG) { priority = c.priority }
        if has(AMQP_BASIC_CORRELATION_ID_FLAG) {
            correlationID = try c.correlation_id.utf8String(field: "correlation_id")
        }
        if has(AMQP_BASIC_REPLY_TO_FLAG) { replyTo = try c.reply_to.utf8String(field: "reply_to") }
        if has(AMQP_BASIC_EXPIRATION_FLAG) { expiration = try c.expiration.utf8String(field: "expiration") }
        if has(AMQP_BASIC_MESSAGE_ID_FLAG) { messageID = try c.message_id.utf8String(field: "message_id") }
        if has(AMQP_BASIC_TIMESTAMP_FLAG) { timestamp = c.timestamp }
        if has(AMQP_BASIC_TYPE_FLAG) { type = try c.type.utf8String(field: "type") }
        if has(AMQP_BASIC_USER_ID_FLAG) { userID = try c.user_id.utf8String(field: "user_id") }
        if has(AMQP_BASIC_APP_ID_FLAG) { appID = try c.app_id.utf8String(field: "app_id") }
        if has(AMQP_BASIC_CLUSTER_ID_FLAG) { clusterID = try c.cluster_id.utf8String(field: "cluster_id") }
    }
}
