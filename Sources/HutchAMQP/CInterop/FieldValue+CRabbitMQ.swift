internal import CRabbitMQ
import HutchConventions

extension FieldValue {
    /// The value as librabbitmq's `amqp_field_value_t`, its bytes, arrays and tables in `pool`.
    func cValue(in pool: AMQPPool) throws(CodecError) -> amqp_field_value_t {
        var c = amqp_field_value_t()
        switch self {
        case .boolean(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_BOOLEAN)
            c.value.boolean = v.amqpBoolean
        case .int8(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_I8)
            c.value.i8 = v
        case .uint8(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_U8)
            c.value.u8 = v
        case .int16(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_I16)
            c.value.i16 = v
        case .uint16(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_U16)
            c.value.u16 = v
        case .int32(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_I32)
            c.value.i32 = v
        case .uint32(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_U32)
            c.value.u32 = v
        case .int64(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_I64)
            c.value.i64 = v
        case .uint64(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_U64)
            c.value.u64 = v
        case .float32(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_F32)
            // librabbitmq writes the bits of the union's u32: set them directly so NaN
            // payloads survive.
            c.value.u32 = v.bitPattern
        case .float64(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_F64)
            c.value.u64 = v.bitPattern
        case .decimal(let scale, let value):
            c.kind = Self.kind(AMQP_FIELD_KIND_DECIMAL)
            c.value.decimal = amqp_decimal_t(decimals: scale, value: value)
        case .longString(let bytes):
            c.kind = Self.kind(AMQP_FIELD_KIND_UTF8)
            c.value.bytes = try pool.bytes(bytes)
        case .byteArray(let bytes):
            c.kind = Self.kind(AMQP_FIELD_KIND_BYTES)
            c.value.bytes = try pool.bytes(bytes)
        case .timestamp(let v):
            c.kind = Self.kind(AMQP_FIELD_KIND_TIMESTAMP)
            c.value.u64 = v
        case .void:
            c.kind = Self.kind(AMQP_FIELD_KIND_VOID)
        case .array(let items):
            c.kind = Self.kind(AMQP_FIELD_KIND_ARRAY)
            c.value.array = try Self.cArray(items, in: pool)
        case .table(let table):
            c.kind = Self.kind(AMQP_FIELD_KIND_TABLE)
            c.value.table = try table.cTable(in: pool)
        }
        return c
    }

    /// Copies a decoded librabbitmq field value out into a Swift value.
    ///
    /// `depth` is the number of arrays and tables around the value; an array or table
    /// that would nest deeper than ``FieldTableCodec/maxNesting`` is refused, so a
    /// hostile header table cannot exhaust the stack of this recursive copy (or of
    /// anything that walks the value afterwards).
    init(_ c: amqp_field_value_t, depth: Int) throws(CodecError) {
        switch UInt32(c.kind) {
        case AMQP_FIELD_KIND_BOOLEAN.rawValue: self = .boolean(c.value.boolean != 0)
        case AMQP_FIELD_KIND_I8.rawValue: self = .int8(c.value.i8)
        case AMQP_FIELD_KIND_U8.rawValue: self = .uint8(c.value.u8)
        case AMQP_FIELD_KIND_I16.rawValue: self = .int16(c.value.i16)
        case AMQP_FIELD_KIND_U16.rawValue: self = .uint16(c.value.u16)
        case AMQP_FIELD_KIND_I32.rawValue: self = .int32(c.value.i32)
        case AMQP_FIELD_KIND_U32.rawValue: self = .uint32(c.value.u32)
        case AMQP_FIELD_KIND_I64.rawValue: self = .int64(c.value.i64)
        case AMQP_FIELD_KIND_U64.rawValue: self = .uint64(c.value.u64)
        case AMQP_FIELD_KIND_F32.rawValue: self = .float32(Float(bitPattern: c.value.u32))
        case AMQP_FIELD_KIND_F64.rawValue: self = .float64(Double(bitPattern: c.value.u64))
        case AMQP_FIELD_KIND_DECIMAL.rawValue:
            self = .decimal(scale: c.value.decimal.decimals, value: c.value.decimal.value)
        case AMQP_FIELD_KIND_UTF8.rawValue: self = .longString(c.value.bytes.copiedBytes)
        case AMQP_FIELD_KIND_BYTES.rawValue: self = .byteArray(c.value.bytes.copiedBytes)
        case AMQP_FIELD_KIND_TIMESTAMP.rawValue: self = .timestamp(c.value.u64)
        case AMQP_FIELD_KIND_VOID.rawValue: self = .void
        case AMQP_FIELD_KIND_ARRAY.rawValue: self = .array(try Self.items(of: c.value.array, depth: depth + 1))
        case AMQP_FIELD_KIND_TABLE.rawValue: self = .table(try FieldTable(c.value.table, depth: depth + 1))
        default:
            throw CodecError(
                code: .malformedPayload, operation: .decodeMethod,
                expected: "a field-value type octet librabbitmq knows",
                found: "type octet 0x\(Hex.string([c.kind]))")
        }
    }

    /// The `amqp_field_value_kind_t` constant as the type octet.
    private static func kind(_ kind: amqp_field_value_kind_t) -> UInt8 {
        UInt8(truncatingIfNeeded: kind.rawValue)
    }

    /// A Swift array as librabbitmq's `amqp_array_t`, its entries in `pool`.
    private static func cArray(_ items: [FieldValue], in pool: AMQPPool) throws(CodecError) -> amqp_array_t {
        guard !items.isEmpty else { return amqp_array_t(num_entries: 0, entries: nil) }
        guard let count = Int32(exactly: items.count) else {
            throw CodecError(
                code: .valueTooLong, operation: .encodeMethod,
                expected: "at most \(Int32.max) array items", found: "\(items.count) items")
        }
        let entries = try pool.allocate(amqp_field_value_t.self, count: items.count)
        for (index, item) in items.enumerated() {
            do throws(CodecError) {
                (entries + index).initialize(to: try item.cValue(in: pool))
            } catch {
                throw error.inField("[\(index)]")
            }
        }
        return amqp_array_t(num_entries: count, entries: entries)
    }

    /// The items of a decoded librabbitmq array at nesting level `depth` (the array
    /// itself counted), copied out.
    private static func items(of array: amqp_array_t, depth: Int) throws(CodecError) -> [FieldValue] {
        try FieldTable.checkNesting(depth)
        guard array.num_entries > 0, let entries = array.entries else { return [] }
        var items: [FieldValue] = []
        items.reserveCapacity(Int(array.num_entries))
        for index in 0..<Int(array.num_entries) {
            do throws(CodecError) {
                items.append(try FieldValue(entries[index], depth: depth))
            } catch {
                throw error.inField("[\(index)]")
            }
        }
        return items
    }
}
