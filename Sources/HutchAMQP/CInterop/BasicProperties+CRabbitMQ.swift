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
        func text(_ bit: Int32, _ bytes: amqp_bytes_t, _ field: String) throws(CodecError) -> String? {
            has(bit) ? try bytes.utf8String(field: field) : nil
        }
        func table() throws(CodecError) -> FieldTable? {
            guard has(AMQP_BASIC_HEADERS_FLAG) else { return nil }
            do throws(CodecError) {
                return try FieldTable(c.headers)
            } catch {
                throw error.inField("headers")
            }
        }
        // One initializer call with every value, read in the properties' order (the first
        // bad one is the error): assigning them one by one to `self` after `self.init()`
        // copied the whole value (14 properties) several times.
        self.init(
            contentType: try text(AMQP_BASIC_CONTENT_TYPE_FLAG, c.content_type, "content_type"),
            contentEncoding: try text(AMQP_BASIC_CONTENT_ENCODING_FLAG, c.content_encoding, "content_encoding"),
            headers: try table(),
            deliveryMode: has(AMQP_BASIC_DELIVERY_MODE_FLAG) ? c.delivery_mode : nil,
            priority: has(AMQP_BASIC_PRIORITY_FLAG) ? c.priority : nil,
            correlationID: try text(AMQP_BASIC_CORRELATION_ID_FLAG, c.correlation_id, "correlation_id"),
            replyTo: try text(AMQP_BASIC_REPLY_TO_FLAG, c.reply_to, "reply_to"),
            expiration: try text(AMQP_BASIC_EXPIRATION_FLAG, c.expiration, "expiration"),
            messageID: try text(AMQP_BASIC_MESSAGE_ID_FLAG, c.message_id, "message_id"),
            timestamp: has(AMQP_BASIC_TIMESTAMP_FLAG) ? c.timestamp : nil,
            type: try text(AMQP_BASIC_TYPE_FLAG, c.type, "type"),
            userID: try text(AMQP_BASIC_USER_ID_FLAG, c.user_id, "user_id"),
            appID: try text(AMQP_BASIC_APP_ID_FLAG, c.app_id, "app_id"),
            clusterID: try text(AMQP_BASIC_CLUSTER_ID_FLAG, c.cluster_id, "cluster_id"))
    }
}
