import HutchConventions

/// Exact AMQP 0-9-1 encoded sizes, checked against the wire's length limits.
///
/// Encoding measures first: a short string (or table key) over 255 bytes, or a long
/// value over its 32-bit length, is refused here with a typed error before librabbitmq
/// sees it (librabbitmq would truncate a table key's length octet). The size is the
/// encoder's buffer size; decoding compares it with the payload to find trailing bytes.
enum WireSize {
    /// The longest short string: its length is one octet.
    static let shortStringLimit = 255

    /// The size of a short string: a length octet and the UTF-8 bytes.
    static func shortString(_ text: String, field: String) throws(CodecError) -> Int {
        let count = text.utf8.count
        guard count <= shortStringLimit else {
            throw CodecError(
                code: .shortStringTooLong, operation: .encodeMethod, field: field,
                expected: "a short string of at most \(shortStringLimit) UTF-8 bytes",
                found: "\(count) bytes (\(preview(text)))")
        }
        return 1 + count
    }

    /// The size of a 32-bit-length-prefixed value of `count` bytes.
    static func longValue(byteCount count: Int, what: String) throws(CodecError) -> Int {
        guard count <= Int(UInt32.max) else {
            throw CodecError(
                code: .valueTooLong, operation: .encodeMethod,
                expected: "\(what) of at most \(UInt32.max) bytes", found: "\(count) bytes")
        }
        return 4 + count
    }

    /// The size of a field table named `field`, its 4-byte length included.
    static func table(_ table: FieldTable, field: String) throws(CodecError) -> Int {
        do throws(CodecError) {
            return try self.table(table)
        } catch {
            throw error.inField(field)
        }
    }

    /// The size of a field table, its 4-byte length included.
    static func table(_ table: FieldTable) throws(CodecError) -> Int {
        var content = 0
        for entry in table.entries {
            let keyCount = entry.key.utf8.count
            guard keyCount <= shortStringLimit else {
                throw CodecError(
                    code: .shortStringTooLong, operation: .encodeMethod, field: "[\(preview(entry.key))]",
                    expected: "a table key (short string) of at most \(shortStringLimit) UTF-8 bytes",
                    found: "a key of \(keyCount) bytes")
            }
            do throws(CodecError) {
                content += try 1 + keyCount + value(entry.value)
            } catch {
                throw error.inField("[\(preview(entry.key))]")
            }
        }
        return try longValue(byteCount: content, what: "a field table")
    }

    /// The size of a field value, its type octet included.
    static func value(_ value: FieldValue) throws(CodecError) -> Int {
        switch value {
        case .void: return 1
        case .boolean, .int8, .uint8: return 2
        case .int16, .uint16: return 3
        case .int32, .uint32, .float32: return 5
        case .int64, .uint64, .float64, .timestamp: return 9
        case .decimal: return 6
        case .longString(let bytes):
            return try 1 + longValue(byteCount: bytes.count, what: "a long string")
        case .byteArray(let bytes):
            return try 1 + longValue(byteCount: bytes.count, what: "a byte array")
        case .array(let items):
            var content = 0
            for (index, item) in items.enumerated() {
                do throws(CodecError) {
                    content += try self.value(item)
                } catch {
                    throw error.inField("[\(index)]")
                }
            }
            return try 1 + longValue(byteCount: content, what: "a field array")
        case .table(let table):
            return try 1 + self.table(table)
        }
    }

    /// The size of a method's arguments (what follows the class and method ids).
    static func arguments(of method: AMQPMethod) throws(CodecError) -> Int {
        switch method {
        case .exchangeDeclare(let m):
            return try 2 + shortString(m.exchange, field: "exchange") + shortString(m.type, field: "type")
                + 1 + table(m.arguments, field: "arguments")
        case .queueDeclare(let m):
            return try 2 + shortString(m.queue, field: "queue") + 1 + table(m.arguments, field: "arguments")
        case .queueBind(let m):
            return try 2 + shortString(m.queue, field: "queue") + shortString(m.exchange, field: "exchange")
                + shortString(m.routingKey, field: "routing_key") + 1 + table(m.arguments, field: "arguments")
        case .basicQos:
            return 4 + 2 + 1
        case .basicConsume(let m):
            return try 2 + shortString(m.queue, field: "queue") + shortString(m.consumerTag, field: "consumer_tag")
                + 1 + table(m.arguments, field: "arguments")
        case .basicPublish(let m):
            return try 2 + shortString(m.exchange, field: "exchange")
                + shortString(m.routingKey, field: "routing_key") + 1
        case .basicDeliver(let m):
            return try shortString(m.consumerTag, field: "consumer_tag") + 8 + 1
                + shortString(m.exchange, field: "exchange") + shortString(m.routingKey, field: "routing_key")
        case .basicAck, .basicNack, .basicReject:
            return 8 + 1
        case .channelClose(let m), .connectionClose(let m):
            return try 2 + shortString(m.replyText, field: "reply_text") + 2 + 2
        }
    }

    /// The size of the property flags and list (what follows the body size).
    static func properties(_ p: BasicProperties) throws(CodecError) -> Int {
        var size = 2
        if let v = p.contentType { size += try shortString(v, field: "content_type") }
        if let v = p.contentEncoding { size += try shortString(v, field: "content_encoding") }
        if let v = p.headers { size += try table(v, field: "headers") }
        if p.deliveryMode != nil { size += 1 }
        if p.priority != nil { size += 1 }
        if let v = p.correlationID { size += try shortString(v, field: "correlation_id") }
        if let v = p.replyTo { size += try shortString(v, field: "reply_to") }
        if let v = p.expiration { size += try shortString(v, field: "expiration") }
        if let v = p.messageID { size += try shortString(v, field: "message_id") }
        if p.timestamp != nil { size += 8 }
        if let v = p.type { size += try shortString(v, field: "type") }
        if let v = p.userID { size += try shortString(v, field: "user_id") }
        if let v = p.appID { size += try shortString(v, field: "app_id") }
        if let v = p.clusterID { size += try shortString(v, field: "cluster_id") }
        return size
    }

    /// A quoted start of `text` for error messages.
    static func preview(_ text: String) -> String {
        let limit = 40
        guard text.count > limit else { return "\"\(text)\"" }
        return "\"\(text.prefix(limit))…\""
    }
}
