extension FieldValue {
    /// The field value bunny writes for a Ruby value, as amq-protocol 2.3.2's
    /// `TableValueEncoder` types it (bunny 2.24; the corpus shows bunny 3.2 with
    /// amq-protocol 2.8.0 producing the same types).
    ///
    /// | Ruby value | AMQP type |
    /// |---|---|
    /// | `Integer` (any size) | `l`, 64-bit two's complement |
    /// | `Float` | `d` |
    /// | `String` (and `Symbol`) | `S`, the string's bytes (valid UTF-8 or not) |
    /// | `true` / `false` | `t` |
    /// | `nil` | `V` |
    /// | `Array` | `A`, each element typed by these rules |
    /// | `Hash` | `F`, see ``FieldTable/init(rubyHash:)`` |
    ///
    /// Ruby packs integers with `pack('q>')`, which on Ruby 3.1 silently keeps the low
    /// 64 bits of an Integer outside the `Int64` range: `2**63` goes out as
    /// `-9223372036854775808` and `2**64 + 5` as `5`. This initializer does the same.
    ///
    /// - Throws: ``RubyTableEncodingError/keyTooLong(key:byteCount:)`` when a nested
    ///   Hash has a key longer than 255 bytes (Ruby raises `RangeError`).
    package init(rubyValue: JSONValue) throws(RubyTableEncodingError) {
        switch rubyValue {
        case .null: self = .void
        case .bool(let flag): self = .boolean(flag)
        case .integer(let integer): self = .int64(integer.wrappedToInt64)
        case .float(let number): self = .float64(number)
        case .string(let text): self = .string(text)
        case .binaryString(let bytes): self = .longString(bytes)
        case .array(let elements):
            var values: [FieldValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try FieldValue(rubyValue: element)) }
            self = .array(values)
        case .object(let object): self = .table(try FieldTable(rubyHash: object))
        }
    }
}
