extension BunnyTableEncoding {
    /// The table bunny writes when a Ruby service republishes headers it received:
    /// amq-protocol 2.x's `Table.decode` turns the delivered table into Ruby values,
    /// and `Table.encode` writes those values back.
    ///
    /// This is what hutch-schedule's MaxRetry sends with
    /// `enqueue_in(delay, MultiJson.decode(payload), headers: properties[:headers])`
    /// (before hutch-schedule appends its `CC`). What the round trip does, per type:
    ///
    /// - `l`, `d`, `S`, `t`, `V`, `T` keep their type (`T` decodes to a Time and is
    ///   written back as `T`); `t` is `true` only for the byte 1, which the model keeps.
    /// - `x` decodes to a String and comes back as `S` with the same bytes.
    /// - `b`, `s`, `I` become `l` (Integers). `b` and `I` are read unsigned (`-1` as
    ///   `b` becomes 255, as `I` 4294967295); `s` is read signed.
    /// - `f` becomes `d`, and is read in the host's byte order (amq-protocol unpacks it
    ///   with `'f'`), so on a little-endian machine the four bytes are swapped before
    ///   they are read: `1.5` arrives as 6.9e-41. This models a little-endian host.
    /// - `D` decodes to a BigDecimal (hutch-schedule loads bigdecimal) and is written
    ///   back by amq-protocol's own arithmetic: for a value of 0.1 or more, scale 0 and
    ///   the integer part (`1.5` → `D(0, 1)`); below 0.1, scale `d + 1` and
    ///   `floor(value × d¹⁰)` with `d` the number of zeros after the point
    ///   (`0.05` → `D(2, 0)`).
    /// - `A` and `F` are rebuilt recursively. A repeated table key keeps its first
    ///   position and its last value (a Ruby Hash; keys compared as bytes).
    /// - amq-protocol's decode loops stop early: an entry (or array element) that starts
    ///   in the last 3 bytes of its table (array) is never read. So a trailing `V`,
    ///   `t`, `b` or `s` element of an array, or a trailing entry such as `"a" → V`, is
    ///   lost, and so is everything after it at that level.
    ///
    /// - Throws: ``PublishError`` with kind `.argument` (Ruby's `ArgumentError`, raised
    ///   while bunny decodes the delivery) for the types amq-protocol cannot decode:
    ///   `B`, `u`, `i`, `L`.
    package static func reencodingDecoded(_ table: FieldTable) throws(PublishError) -> FieldTable {
        var result: [(key: [UInt8], entry: FieldTable.Entry)] = []
        var offset = 0
        let length = encodedSize(of: table)
        for entry in table.entries {
            guard offset + 4 <= length else { break }
            offset += 1 + entry.key.utf8.count + encodedSize(of: entry.value)
            let value = try reencoded(entry.value)
            let keyBytes = Array(entry.key.utf8)
            if let index = result.firstIndex(where: { $0.key == keyBytes }) {
                result[index].entry.value = value
            } else {
                result.append((keyBytes, FieldTable.Entry(entry.key, value)))
            }
        }
        return FieldTable(result.map(\.entry))
    }

    private static func reencoded(_ value: FieldValue) throws(PublishError) -> FieldValue {
        switch value {
        case .boolean, .int64, .float64, .longString, .timestamp, .void: return value
        case .byteArray(let bytes): return .longString(bytes)
        case .int8(let v): return .int64(Int64(UInt8(bitPattern: v)))
        case .int16(let v): return .int64(Int64(v))
        case .int32(let v): return .int64(Int64(UInt32(bitPattern: v)))
        case .float32(let v): return .float64(Double(Float(bitPattern: v.bitPattern.byteSwapped)))
        case .decimal(let scale, let raw): return reencodedDecimal(scale: scale, raw: raw)
        case .uint8, .uint16, .uint32, .uint64:
            throw PublishError(.argument, "Not a valid type: \"\(value.typeCode)\"")
        case .table(let nested): return .table(try reencodingDecoded(nested))
        case .array(let elements):
            var values: [FieldValue] = []
            var offset = 0
            let length = elements.reduce(0) { $0 + encodedSize(of: $1) }
            for element in elements {
                guard offset + 4 <= length else { break }
                offset += encodedSize(of: element)
                values.append(try reencoded(element))
            }
            return .array(values)
        }
    }

    /// amq-protocol's BigDecimal encoding of `raw × 10^-scale`.
    private static func reencodedDecimal(scale: UInt8, raw: UInt32) -> FieldValue {
        guard raw > 0 else { return .decimal(scale: 0, value: 0) }
        let digits = String(raw).count
        let exponent = digits - Int(scale)
        if exponent >= 0 {
            var divisor: UInt64 = 1
            for _ in 0..<Int(scale) { divisor *= 10 }
            return .decimal(scale: 0, value: UInt32(UInt64(raw) / divisor))
        }
        let zeros = -exponent
        let newScale = UInt8(truncatingIfNeeded: zeros + 1)
        // floor(raw × zeros¹⁰ / 10^scale) is 0 from zeros = 10 on; below that every
        // factor fits in UInt64 (scale ≤ 19 there).
        guard zeros < 10 else { return .decimal(scale: newScale, value: 0) }
        var power: UInt64 = 1
        for _ in 0..<10 { power *= UInt64(zeros) }
        var divisor: UInt64 = 1
        for _ in 0..<Int(scale) { divisor *= 10 }
        let product = UInt64(raw).multipliedFullWidth(by: power)
        let quotient = divisor.dividingFullWidth((product.high, product.low)).quotient
        return .decimal(scale: newScale, value: UInt32(truncatingIfNeeded: quotient))
    }

    /// The encoded size of a table's entries (without its 4-byte length).
    static func encodedSize(of table: FieldTable) -> Int {
        table.entries.reduce(0) { $0 + 1 + $1.key.utf8.count + encodedSize(of: $1.value) }
    }

    /// The encoded size of a field value, type octet included.
    static func encodedSize(of value: FieldValue) -> Int {
        switch value {
        case .boolean, .int8, .uint8: 2
        case .int16, .uint16: 3
        case .int32, .uint32, .float32: 5
        case .int64, .uint64, .float64, .timestamp: 9
        case .decimal: 6
        case .longString(let bytes), .byteArray(let bytes): 5 + bytes.count
        case .void: 1
        case .array(let elements): 5 + elements.reduce(0) { $0 + encodedSize(of: $1) }
        case .table(let table): 5 + encodedSize(of: table)
        }
    }
}
