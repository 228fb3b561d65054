/// How bunny's `basic_publish` and amq-protocol 2.x's `Basic.encode_properties` turn
/// the options Hash of a publish into content-header properties.
///
/// Rules mirrored: only the 14 basic-property keys are encoded, other keys are dropped;
/// `nil` values are skipped (flag clear); keys are encoded in Hash order, so the first
/// bad value decides the exception; short strings use `to_s` (Integer → decimal text,
/// Float → `Float#to_s`, `false` → `"false"`) and raise `RangeError` over 255 bytes;
/// octets use `pack('C')` (Integers keep their low 8 bits, Floats are truncated first,
/// NaN/Infinity raise `FloatDomainError`, anything else `TypeError`); `headers` is a
/// table (`false` gives an empty one, a non-Hash raises `NoMethodError`).
enum BunnyPropertyEncoding {
    static let propertyNames: Set<String> = [
        "content_type", "content_encoding", "headers", "delivery_mode", "priority",
        "correlation_id", "reply_to", "expiration", "message_id", "timestamp", "type",
        "user_id", "app_id", "cluster_id"
    ]

    static func encode(_ options: PublishProperties) throws(PublishError) -> BasicProperties {
        var properties = BasicProperties()
        for (key, value) in options.pairs where propertyNames.contains(key) {
            if case .ruby(.null) = value { continue }
            switch key {
            case "content_type": properties.contentType = try shortString(value, key)
            case "content_encoding": properties.contentEncoding = try shortString(value, key)
            case "headers": properties.headers = try headers(value)
            case "delivery_mode": properties.deliveryMode = try octet(value)
            case "priority": properties.priority = try octet(value)
            case "correlation_id": properties.correlationID = try shortString(value, key)
            case "reply_to": properties.replyTo = try shortString(value, key)
            case "expiration": properties.expiration = try shortString(value, key)
            case "message_id": properties.messageID = try shortString(value, key)
            case "timestamp": properties.timestamp = try timestamp(value)
            case "type": properties.type = try shortString(value, key)
            case "user_id": properties.userID = try shortString(value, key)
            case "app_id": properties.appID = try shortString(value, key)
            case "cluster_id": properties.clusterID = try shortString(value, key)
            default: break
            }
        }
        return properties
    }

    /// `value.to_s`, length-checked as `bytesize.chr` does.
    static func shortString(_ value: PublishProperties.PropertyValue, _ key: String) throws(PublishError) -> String {
        let text: String
        switch value {
        case .ruby(.string(let string)): text = string
        case .ruby(.integer(let integer)): text = integer.description
        case .ruby(.float(let number)): text = RubyFloatFormat.string(number)
        case .ruby(.bool(let flag)): text = flag ? "true" : "false"
        case .ruby(.null): text = ""
        case .ruby(let other):
            throw PublishError(.notModelled, "\(key): the \(other.rubyClassName)#to_s text of this value is not modelled")
        case .headers:
            throw PublishError(.notModelled, "\(key): the Hash#to_s text of a headers Hash is not modelled")
        }
        try checkShortString(text)
        return text
    }

    static func checkShortString(_ text: String) throws(PublishError) {
        let count = text.utf8.count
        if count > 255 { throw PublishError.charRange(count) }
    }

    /// `[value].pack('C')`.
    static func octet(_ value: PublishProperties.PropertyValue) throws(PublishError) -> UInt8 {
        switch value {
        case .ruby(.integer(let integer)):
            return integer.wrappedToUInt8
        case .ruby(.float(let number)):
            guard number.isFinite else { throw PublishError(.floatDomain, RubyFloatFormat.string(number)) }
            var remainder = number.rounded(.towardZero).truncatingRemainder(dividingBy: 256)
            if remainder < 0 { remainder += 256 }
            return UInt8(remainder)
        case .ruby(let other):
            throw PublishError(.type, "no implicit conversion of \(implicitName(other)) into Integer")
        case .headers:
            throw PublishError(.type, "no implicit conversion of Hash into Integer")
        }
    }

    private static func implicitName(_ value: JSONValue) -> String {
        switch value {
        case .null: "nil"
        case .bool(let flag): flag ? "true" : "false"
        default: value.rubyClassName
        }
    }

    /// `pack_uint64_big_endian`: the low 64 bits.
    static func timestamp(_ value: PublishProperties.PropertyValue) throws(PublishError) -> UInt64 {
        switch value {
        case .ruby(.integer(let integer)):
            return UInt64(bitPattern: integer.wrappedToInt64)
        default:
            throw PublishError(.notModelled, "timestamp: only Integer timestamps are modelled")
        }
    }

    /// `AMQ::Protocol::Table.encode(value)`.
    static func headers(_ value: PublishProperties.PropertyValue) throws(PublishError) -> FieldTable {
        switch value {
        case .headers(let hash): return try hash.fieldTable()
        case .ruby(.object(let object)): return try HeaderHash.fieldTable(of: object)
        case .ruby(.bool(false)), .ruby(.null): return FieldTable()
        case .ruby(.array):
            throw PublishError(.notModelled, "headers: an Array iterated as key/value pairs is not modelled")
        case .ruby(let other):
            throw PublishError(.noMethod, "undefined method `each' for \(other.rubyClassName)")
        }
    }
}
