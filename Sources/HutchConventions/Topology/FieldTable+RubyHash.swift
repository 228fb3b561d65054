extension FieldTable {
    /// The table bunny writes for a Ruby Hash (queue or exchange arguments, message
    /// headers), as amq-protocol 2.3.2's `Table.encode` builds it.
    ///
    /// Pairs keep the Hash's insertion order; each key is written as its `to_s` (a
    /// Symbol key and a String key with the same text both become that text); each
    /// value is typed by ``FieldValue/init(rubyValue:)`` (`Integer` → `l`, `Float` → `d`,
    /// `String` → `S`, `true`/`false` → `t`, `nil` → `V`, `Array` → `A`, `Hash` → `F`).
    ///
    /// - Parameter rubyHash: the Hash as Ruby's `JSON.parse` returns it.
    /// - Throws: ``RubyTableEncodingError/keyTooLong(key:byteCount:)`` when a key, at
    ///   any depth, is longer than 255 bytes (Ruby raises `RangeError`).
    package init(rubyHash: JSONObject) throws(RubyTableEncodingError) {
        try self.init(rubyHashPairs: rubyHash.pairs.map { ($0.key, $0.value) })
    }

    /// The table bunny writes for a Ruby Hash given as its pairs in order, keys already
    /// turned to text.
    ///
    /// Unlike ``init(rubyHash:)`` a key may repeat, which is what a Ruby Hash holding
    /// both `:CC` and `"CC"` (or `:"x-max-length"` and `"x-max-length"`) puts on the
    /// wire: two pairs with the same key, in the Hash's order.
    ///
    /// - Throws: ``RubyTableEncodingError/keyTooLong(key:byteCount:)`` when a key is
    ///   longer than 255 bytes.
    package init(rubyHashPairs pairs: [(String, JSONValue)]) throws(RubyTableEncodingError) {
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            let byteCount = key.utf8.count
            guard byteCount <= 255 else { throw .keyTooLong(key: key, byteCount: byteCount) }
            entries.append(Entry(key, try FieldValue(rubyValue: value)))
        }
        self.init(entries)
    }
}
