/// The Ruby Hash given as the `headers:` property, before bunny encodes it.
///
/// Most entries are Ruby values with String keys (``Value/ruby(_:)``), encoded when the
/// message is published with bunny's rules (``FieldValue/init(rubyValue:)``). Some entries already
/// have their field value fixed (``Value/encoded(_:)``): the Symbol key `:CC` that
/// hutch-schedule's `headers.merge(CC: …)` adds — a Symbol is a different Hash key from
/// a String `"CC"`, so it never replaces one and is appended — and the values of a
/// table Ruby decoded from a delivery (see
/// `BunnyTableEncoding.reencodingDecoded(_:)`).
package struct HeaderHash: Sendable, Equatable {
    /// One entry's value.
    package enum Value: Sendable, Equatable {
        /// A Ruby value as `JSON.parse` returns it; bunny chooses the field type.
        case ruby(JSONValue)
        /// A value whose field type and bytes are already fixed.
        case encoded(FieldValue)
    }

    /// One entry.
    package struct Entry: Sendable, Equatable {
        /// The key as bunny writes it (`Symbol#to_s` for a Symbol key).
        package var key: String
        /// The value.
        package var value: Value

        /// Creates an entry.
        package init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// The entries in Hash order (keys may repeat when a String and a Symbol spell alike).
    package var entries: [Entry]

    /// Creates a hash from entries in order.
    package init(_ entries: [Entry] = []) { self.entries = entries }

    /// A Ruby Hash with String keys, as `JSON.parse` returns it.
    package init(_ object: JSONObject) {
        self.entries = object.pairs.map { Entry($0.key, .ruby($0.value)) }
    }

    /// A table whose values are already encoded, in its order.
    package init(encoded table: FieldTable) {
        self.entries = table.entries.map { Entry($0.key, .encoded($0.value)) }
    }

    /// `merge` with a Symbol key: always appended, never replacing a String key.
    package func appendingSymbolKey(_ key: String, _ value: FieldValue) -> HeaderHash {
        var copy = self
        copy.entries.append(Entry(key, .encoded(value)))
        return copy
    }

    /// The table bunny (amq-protocol 2.x) writes for this Hash.
    ///
    /// Mirrors `AMQ::Protocol::Table.encode`: keys in order; a key (at any depth) over
    /// 255 bytes raises `RangeError` from `Integer#chr`; values typed as
    /// ``FieldValue/init(rubyValue:)`` says, except that an Integer outside int64 is not refused:
    /// `Array#pack('q>')` keeps its low 64 bits (two's complement), and so does this.
    package func fieldTable() throws(PublishError) -> FieldTable {
        var table = FieldTable()
        table.entries.reserveCapacity(entries.count)
        for entry in entries {
            try Self.checkKey(entry.key)
            switch entry.value {
            case .ruby(let value):
                table.append(entry.key, try Self.fieldValue(value))
            case .encoded(let value):
                try Self.checkKeys(in: value)
                table.append(entry.key, value)
            }
        }
        return table
    }

    /// `HeaderHash(object).fieldTable()` without building the hash first: the table of a
    /// Ruby Hash with String keys, as `JSON.parse` returns it.
    static func fieldTable(of object: JSONObject) throws(PublishError) -> FieldTable {
        var table = FieldTable()
        table.entries.reserveCapacity(object.count)
        for pair in object.pairs {
            try checkKey(pair.key)
            table.append(pair.key, try fieldValue(pair.value))
        }
        return table
    }

    static func checkKey(_ key: String) throws(PublishError) {
        let count = key.utf8.count
        if count > 255 { throw PublishError.charRange(count) }
    }

    static func checkKeys(in value: FieldValue) throws(PublishError) {
        switch value {
        case .array(let values):
            for element in values { try checkKeys(in: element) }
        case .table(let table):
            for entry in table.entries {
                try checkKey(entry.key)
                try checkKeys(in: entry.value)
            }
        default: break
        }
    }

    /// bunny's field value for a Ruby value (``FieldValue/init(rubyValue:)``), with a
    /// key over 255 bytes at any depth raising as `Integer#chr` does.
    static func fieldValue(_ value: JSONValue) throws(PublishError) -> FieldValue {
        do {
            return try FieldValue(rubyValue: value)
        } catch {
            switch error {
            case .keyTooLong(_, let byteCount): throw PublishError.charRange(byteCount)
            }
        }
    }
}
