/// A Ruby Hash whose keys may be Strings or Symbols, in insertion order.
///
/// Hutch's option hashes mix both: `{ durable: true }` has a Symbol key that bunny
/// reads as an option, while a consumer's `arguments` usually have String keys that
/// bunny ignores as options. A Symbol and a String with the same text are different
/// keys, so both can be present.
struct RubyHash: Sendable {
    /// A Hash key.
    enum Key: Hashable, Sendable {
        case string(String)
        case symbol(String)

        /// The key's `to_s`.
        var text: String {
            switch self {
            case .string(let text), .symbol(let text): text
            }
        }
    }

    /// The pairs in insertion order, each key once.
    private(set) var pairs: [(key: Key, value: JSONValue)] = []

    /// An empty Hash.
    init() {}

    /// A Hash from a JSON object whose keys are Strings, except those listed in
    /// `symbolKeys`, which are Symbols.
    init(_ object: JSONObject, symbolKeys: Set<String> = []) {
        for pair in object.pairs {
            self[symbolKeys.contains(pair.key) ? .symbol(pair.key) : .string(pair.key)] = pair.value
        }
    }

    /// A Hash from a JSON object whose keys are all Symbols (Ruby options written
    /// `key: value`).
    init(symbolKeysOf object: JSONObject) {
        for pair in object.pairs { self[.symbol(pair.key)] = pair.value }
    }

    /// `Hash#[]` and `Hash#[]=`: writing an existing key replaces its value in place.
    subscript(key: Key) -> JSONValue? {
        get { pairs.first { $0.key == key }?.value }
        set { assignRubyHashPair(&pairs, key: key, value: newValue) }
    }

    /// `Hash#merge`: the receiver's pairs, then `other`'s, a shared key keeping its
    /// first position and taking `other`'s value.
    func merging(_ other: RubyHash) -> RubyHash {
        var result = self
        for pair in other.pairs { result[pair.key] = pair.value }
        return result
    }

    /// The pairs as `Table.encode` writes them: each key as its `to_s`.
    var tablePairs: [(String, JSONValue)] { pairs.map { ($0.key.text, $0.value) } }

    /// The field table bunny writes for this Hash.
    func fieldTable() throws(RubyTableEncodingError) -> FieldTable {
        try FieldTable(rubyHashPairs: tablePairs)
    }
}

extension JSONValue {
    /// Ruby truthiness: everything but `nil` and `false` is true.
    var isRubyTruthy: Bool {
        switch self {
        case .null, .bool(false): false
        default: true
        }
    }
}
