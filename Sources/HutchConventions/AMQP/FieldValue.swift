/// One AMQP 0-9-1 field value, typed as RabbitMQ (and librabbitmq) put it on the wire.
///
/// Each case names the field-value type octet it is written with. Floats compare by
/// bit pattern, so `NaN == NaN` and `0.0 != -0.0`: two values are equal exactly when
/// they encode to the same bytes.
public enum FieldValue: Sendable {
    /// `t`: a boolean.
    case boolean(Bool)
    /// `b`: a signed 8-bit integer.
    case int8(Int8)
    /// `B`: an unsigned 8-bit integer.
    case uint8(UInt8)
    /// `s`: a signed 16-bit integer.
    case int16(Int16)
    /// `u`: an unsigned 16-bit integer.
    case uint16(UInt16)
    /// `I`: a signed 32-bit integer.
    case int32(Int32)
    /// `i`: an unsigned 32-bit integer.
    case uint32(UInt32)
    /// `l`: a signed 64-bit integer (bunny's type for every Ruby Integer).
    case int64(Int64)
    /// `L`: an unsigned 64-bit integer (librabbitmq knows it; RabbitMQ never sends it).
    case uint64(UInt64)
    /// `f`: a 32-bit float.
    case float32(Float)
    /// `d`: a 64-bit float (bunny's type for every Ruby Float).
    case float64(Double)
    /// `D`: a decimal, `value × 10^-scale`.
    case decimal(scale: UInt8, value: UInt32)
    /// `S`: a long string, as raw bytes (RabbitMQ does not require UTF-8).
    case longString([UInt8])
    /// `x`: a byte array.
    case byteArray([UInt8])
    /// `T`: a timestamp in whole seconds since the Unix epoch.
    case timestamp(UInt64)
    /// `V`: void (Ruby's `nil`).
    case void
    /// `A`: an array of field values.
    case array([FieldValue])
    /// `F`: a nested table.
    case table(FieldTable)

    /// A long string holding the UTF-8 bytes of `text`.
    public static func string(_ text: String) -> FieldValue { .longString(Array(text.utf8)) }

    /// The field-value type octet this value is written with, as a character (`"S"`, `"l"`, …).
    package var typeCode: Character {
        switch self {
        case .boolean: "t"
        case .int8: "b"
        case .uint8: "B"
        case .int16: "s"
        case .uint16: "u"
        case .int32: "I"
        case .uint32: "i"
        case .int64: "l"
        case .uint64: "L"
        case .float32: "f"
        case .float64: "d"
        case .decimal: "D"
        case .longString: "S"
        case .byteArray: "x"
        case .timestamp: "T"
        case .void: "V"
        case .array: "A"
        case .table: "F"
        }
    }

    /// The long string's text when it is valid UTF-8, else `nil`.
    package var stringValue: String? {
        guard case .longString(let bytes) = self else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The value as a signed 64-bit integer when it is one of the integer types and fits.
    package var integerValue: Int64? {
        switch self {
        case .int8(let v): Int64(v)
        case .uint8(let v): Int64(v)
        case .int16(let v): Int64(v)
        case .uint16(let v): Int64(v)
        case .int32(let v): Int64(v)
        case .uint32(let v): Int64(v)
        case .int64(let v): v
        case .uint64(let v): Int64(exactly: v)
        case .timestamp(let v): Int64(exactly: v)
        default: nil
        }
    }
}

extension FieldValue: Equatable {
    public static func == (lhs: FieldValue, rhs: FieldValue) -> Bool {
        switch (lhs, rhs) {
        case (.boolean(let a), .boolean(let b)): a == b
        case (.int8(let a), .int8(let b)): a == b
        case (.uint8(let a), .uint8(let b)): a == b
        case (.int16(let a), .int16(let b)): a == b
        case (.uint16(let a), .uint16(let b)): a == b
        case (.int32(let a), .int32(let b)): a == b
        case (.uint32(let a), .uint32(let b)): a == b
        case (.int64(let a), .int64(let b)): a == b
        case (.uint64(let a), .uint64(let b)): a == b
        case (.float32(let a), .float32(let b)): a.bitPattern == b.bitPattern
        case (.float64(let a), .float64(let b)): a.bitPattern == b.bitPattern
        case (.decimal(let s1, let v1), .decimal(let s2, let v2)): s1 == s2 && v1 == v2
        case (.longString(let a), .longString(let b)): a == b
        case (.byteArray(let a), .byteArray(let b)): a == b
        case (.timestamp(let a), .timestamp(let b)): a == b
        case (.void, .void): true
        case (.array(let a), .array(let b)): a == b
        case (.table(let a), .table(let b)): a == b
        default: false
        }
    }
}
