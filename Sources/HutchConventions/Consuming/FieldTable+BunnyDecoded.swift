extension FieldTable {
    /// The table as bunny (amq-protocol) decodes it into a Ruby Hash: a repeated key
    /// keeps its first position and takes its last value, and nested tables (also
    /// inside arrays) are decoded the same way.
    ///
    /// This is what Ruby code such as MaxRetry sees as `properties[:headers]`, and so
    /// what it passes on when it republishes.
    package var rubyHash: FieldTable {
        var result = FieldTable()
        for entry in entries {
            result.set(entry.key, entry.value.rubyHashValue)
        }
        return result
    }

    /// `hash[key]` on the decoded Hash: the value of the last pair with `key`.
    package func rubyLookup(_ key: String) -> FieldValue? {
        entries.last { $0.key == key }?.value
    }
}

extension FieldValue {
    /// The value with every nested table replaced by its `FieldTable.rubyHash`.
    var rubyHashValue: FieldValue {
        switch self {
        case .table(let table): .table(table.rubyHash)
        case .array(let values): .array(values.map(\.rubyHashValue))
        default: self
        }
    }

    /// The Ruby class amq-protocol decodes this value into.
    package var rubyClassName: String {
        switch self {
        case .boolean(let flag): flag ? "TrueClass" : "FalseClass"
        case .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64: "Integer"
        case .float32, .float64: "Float"
        case .decimal: "BigDecimal"
        case .longString, .byteArray: "String"
        case .timestamp: "Time"
        case .void: "NilClass"
        case .array: "Array"
        case .table: "Hash"
        }
    }

    /// How Ruby names the value in a `TypeError` / `NoMethodError` message: `nil`,
    /// `true` and `false` by value, others by class.
    var rubyErrorName: String {
        switch self {
        case .void: "nil"
        case .boolean(let flag): flag ? "true" : "false"
        default: rubyClassName
        }
    }

    /// The bytes when the value decodes to a Ruby String (`S` or `x`).
    var rubyStringBytes: [UInt8]? {
        switch self {
        case .longString(let bytes), .byteArray(let bytes): bytes
        default: nil
        }
    }

    /// Ruby truthiness: only `nil` and `false` are falsy.
    var isRubyTruthy: Bool {
        switch self {
        case .void, .boolean(false): false
        default: true
        }
    }
}
