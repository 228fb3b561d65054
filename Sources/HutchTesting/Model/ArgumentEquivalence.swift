import HutchConventions

/// RabbitMQ's check that a redeclaration matches what exists, and the 406
/// `PRECONDITION_FAILED - inequivalent arg …` texts it answers with
/// (`received 'false' but current is 'true'`, `received '2000' but current is '1000'`,
/// `received the value 'dlx' of type 'longstr' but current is none`), as checked against RabbitMQ 3.10.
enum ArgumentEquivalence {
    /// The queue arguments RabbitMQ 3.10 compares on redeclaration, in the order it
    /// compares them; others (`x-foo`) may differ.
    static let queueArguments = [
        "x-expires", "x-message-ttl", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-length",
        "x-max-length-bytes", "x-max-in-memory-length", "x-max-in-memory-bytes", "x-max-priority", "x-overflow",
        "x-queue-mode", "x-single-active-consumer", "x-queue-type", "x-quorum-initial-group-size", "x-max-age",
        "x-stream-max-segment-size-bytes", "x-initial-cluster-size", "x-queue-leader-locator"
    ]

    /// 406 unless a property (`durable`, `type`) is the same.
    static func field<Value: Equatable>(
        _ name: String, of resource: String, current: Value, received: Value, method: (classID: UInt16, methodID: UInt16)
    ) throws(BrokerRefusal) {
        guard current != received else { return }
        throw failure(name, of: resource, received: "'\(received)'", current: "'\(current)'", method: method)
    }

    /// 406 unless each of `keys` has an equivalent value in both tables (integers of any
    /// width are equivalent, as are floats; a missing key only matches a missing key).
    static func arguments(
        _ keys: [String], of resource: String, current: FieldTable, received: FieldTable,
        method: (classID: UInt16, methodID: UInt16)
    ) throws(BrokerRefusal) {
        for key in keys {
            let old = current[key]
            let new = received[key]
            if equivalent(old, new) { continue }
            if let old, let new {
                // Both present: RabbitMQ compares (and prints) the bare values.
                throw failure(key, of: resource, received: "'\(text(new))'", current: "'\(text(old))'", method: method)
            }
            throw failure(key, of: resource, received: describe(new), current: describe(old), method: method)
        }
    }

    private static func failure(
        _ name: String, of resource: String, received: String, current: String, method: (classID: UInt16, methodID: UInt16)
    ) -> BrokerRefusal {
        BrokerRefusal(
            406, "PRECONDITION_FAILED - inequivalent arg '\(name)' for \(resource): received \(received) but current is \(current)",
            method: method)
    }

    private static func equivalent(_ lhs: FieldValue?, _ rhs: FieldValue?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (let a?, let b?):
            if let x = a.integerValue, let y = b.integerValue, isInteger(a), isInteger(b) { return x == y }
            return a == b
        default: return false
        }
    }

    private static func isInteger(_ value: FieldValue) -> Bool {
        switch value {
        case .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64: true
        default: false
        }
    }

    /// RabbitMQ's words for an argument value: `none`, or `the value 'V' of type 'T'`.
    static func describe(_ value: FieldValue?) -> String {
        guard let value else { return "none" }
        return "the value '\(text(value))' of type '\(typeName(value))'"
    }

    private static func text(_ value: FieldValue) -> String {
        switch value {
        case .longString(let bytes), .byteArray(let bytes): String(decoding: bytes, as: UTF8.self)
        case .boolean(let flag): flag ? "true" : "false"
        case .float32(let number): "\(number)"
        case .float64(let number): "\(number)"
        default: value.integerValue.map { "\($0)" } ?? "\(value)"
        }
    }

    /// The type names of RabbitMQ's field-table parser.
    private static func typeName(_ value: FieldValue) -> String {
        switch value {
        case .boolean: "bool"
        case .int8: "byte"
        case .uint8: "unsignedbyte"
        case .int16: "short"
        case .uint16: "unsignedshort"
        case .int32: "signedint"
        case .uint32: "unsignedint"
        case .int64, .uint64: "long"
        case .float32: "float"
        case .float64: "double"
        case .decimal: "decimal"
        case .longString: "longstr"
        case .byteArray: "binary"
        case .timestamp: "timestamp"
        case .void: "void"
        case .array: "array"
        case .table: "table"
        }
    }
}
