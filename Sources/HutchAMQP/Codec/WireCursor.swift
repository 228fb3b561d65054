import HutchConventions

/// Writes AMQP 0-9-1 fields, in Swift, into memory measured beforehand with ``WireSize``.
///
/// The same bytes as librabbitmq's encoders (`amqp_encode_properties`, `amqp_encode_table`)
/// write for the same values — field-value type octets as ``FieldValue/typeCode``, numbers
/// big-endian, floats as their bit patterns, booleans as 0 or 1 — without building
/// librabbitmq's C structures first. Nothing is checked here: lengths are checked (and
/// the room counted) by ``WireSize`` before a cursor is made; debug builds assert that
/// no write passes `end`.
struct WireCursor {
    private let base: UnsafeMutableRawPointer
    /// The offset of the next byte to write.
    private(set) var offset: Int
    /// The offset no write may reach.
    private let end: Int

    /// A cursor writing from `offset` up to (not including) `end` of `base`.
    init(base: UnsafeMutableRawPointer, offset: Int, end: Int) {
        self.base = base
        self.offset = offset
        self.end = end
    }

    private mutating func advance(_ count: Int) -> Int {
        assert(offset + count <= end, "WireCursor: writing \(count) bytes at \(offset) passes the measured end \(end)")
        defer { offset += count }
        return offset
    }

    // MARK: Numbers

    /// One octet.
    mutating func put(_ value: UInt8) {
        base.storeBytes(of: value, toByteOffset: advance(1), as: UInt8.self)
    }

    /// A big-endian 16-bit value.
    mutating func put(_ value: UInt16) {
        base.storeBytes(of: value.bigEndian, toByteOffset: advance(2), as: UInt16.self)
    }

    /// A big-endian 32-bit value.
    mutating func put(_ value: UInt32) {
        base.storeBytes(of: value.bigEndian, toByteOffset: advance(4), as: UInt32.self)
    }

    /// A big-endian 64-bit value.
    mutating func put(_ value: UInt64) {
        base.storeBytes(of: value.bigEndian, toByteOffset: advance(8), as: UInt64.self)
    }

    // MARK: Bytes and strings

    /// Raw bytes, no length.
    mutating func put(bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        (base + advance(bytes.count)).copyMemory(from: source, byteCount: bytes.count)
    }

    /// Raw bytes, no length.
    mutating func put(bytes: [UInt8]) {
        bytes.withUnsafeBytes { put(bytes: $0) }
    }

    /// A short string: its length octet, then its UTF-8 bytes (at most 255, measured).
    mutating func putShortString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            put(UInt8(truncatingIfNeeded: utf8.count))
            put(bytes: UnsafeRawBufferPointer(utf8))
        }
    }

    /// A 32-bit length, then the bytes.
    mutating func putLongBytes(_ bytes: [UInt8]) {
        put(UInt32(truncatingIfNeeded: bytes.count))
        put(bytes: bytes)
    }

    // MARK: Tables and values

    /// A field table: its 4-byte length, then each key (short string) and value.
    mutating func put(table: FieldTable) {
        let lengthAt = advance(4)
        for entry in table.entries {
            putShortString(entry.key)
            put(value: entry.value)
        }
        base.storeBytes(of: UInt32(truncatingIfNeeded: offset - lengthAt - 4).bigEndian, toByteOffset: lengthAt, as: UInt32.self)
    }

    /// A field value: its type octet (``FieldValue/typeCode``), then the value.
    mutating func put(value: FieldValue) {
        switch value {
        case .boolean(let v): put(type: "t", UInt8(v ? 1 : 0))
        case .int8(let v): put(type: "b", UInt8(bitPattern: v))
        case .uint8(let v): put(type: "B", v)
        case .int16(let v): put(type: "s", UInt16(bitPattern: v))
        case .uint16(let v): put(type: "u", v)
        case .int32(let v): put(type: "I", UInt32(bitPattern: v))
        case .uint32(let v): put(type: "i", v)
        case .int64(let v): put(type: "l", UInt64(bitPattern: v))
        case .uint64(let v): put(type: "L", v)
        case .timestamp(let v): put(type: "T", v)
        case .float32(let v): put(type: "f", v.bitPattern)
        case .float64(let v): put(type: "d", v.bitPattern)
        case .decimal(let scale, let v):
            put(type: "D", scale)
            put(v)
        case .longString(let bytes):
            put(UInt8(ascii: "S"))
            putLongBytes(bytes)
        case .byteArray(let bytes):
            put(UInt8(ascii: "x"))
            putLongBytes(bytes)
        case .void: put(UInt8(ascii: "V"))
        case .array(let items):
            put(UInt8(ascii: "A"))
            let lengthAt = advance(4)
            for item in items { put(value: item) }
            base.storeBytes(of: UInt32(truncatingIfNeeded: offset - lengthAt - 4).bigEndian, toByteOffset: lengthAt, as: UInt32.self)
        case .table(let table):
            put(UInt8(ascii: "F"))
            put(table: table)
        }
    }

    private mutating func put<T: FixedWidthInteger>(type: Unicode.Scalar, _ value: T) {
        put(UInt8(ascii: type))
        base.storeBytes(of: value.bigEndian, toByteOffset: advance(MemoryLayout<T>.size), as: T.self)
    }

    // MARK: Properties

    /// The `basic` property flags and list: a flag bit for each present property, then
    /// the present ones in the class's order.
    mutating func put(properties p: BasicProperties) {
        var flags: UInt16 = 0
        if p.contentType != nil { flags |= 1 << 15 }
        if p.contentEncoding != nil { flags |= 1 << 14 }
        if p.headers != nil { flags |= 1 << 13 }
        if p.deliveryMode != nil { flags |= 1 << 12 }
        if p.priority != nil { flags |= 1 << 11 }
        if p.correlationID != nil { flags |= 1 << 10 }
        if p.replyTo != nil { flags |= 1 << 9 }
        if p.expiration != nil { flags |= 1 << 8 }
        if p.messageID != nil { flags |= 1 << 7 }
        if p.timestamp != nil { flags |= 1 << 6 }
        if p.type != nil { flags |= 1 << 5 }
        if p.userID != nil { flags |= 1 << 4 }
        if p.appID != nil { flags |= 1 << 3 }
        if p.clusterID != nil { flags |= 1 << 2 }
        put(flags)
        if let v = p.contentType { putShortString(v) }
        if let v = p.contentEncoding { putShortString(v) }
        if let v = p.headers { put(table: v) }
        if let v = p.deliveryMode { put(v) }
        if let v = p.priority { put(v) }
        if let v = p.correlationID { putShortString(v) }
        if let v = p.replyTo { putShortString(v) }
        if let v = p.expiration { putShortString(v) }
        if let v = p.messageID { putShortString(v) }
        if let v = p.timestamp { put(v) }
        if let v = p.type { putShortString(v) }
        if let v = p.userID { putShortString(v) }
        if let v = p.appID { putShortString(v) }
        if let v = p.clusterID { putShortString(v) }
    }
}
