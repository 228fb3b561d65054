/// The properties Hash handed to `Hutch.publish` (or built by hutch-schedule), in Ruby
/// Hash order, with its Symbol keys written as their names (`"message_id"`).
///
/// Order matters twice in Ruby: `Hash#merge` keeps the first position of a key, and
/// amq-protocol encodes properties in Hash order, so the first bad value decides which
/// exception is raised. The keys bunny understands are the 14 basic properties plus
/// `persistent` and `mandatory`; any other key is ignored.
public struct PublishProperties: Sendable, Equatable {
    /// One property's value.
    package enum PropertyValue: Sendable, Equatable {
        /// A Ruby value as `JSON.parse` returns it (Strings, Integers, …, `nil`).
        case ruby(JSONValue)
        /// A `headers` Hash with entries whose encoding is already fixed (see ``HeaderHash``).
        case headers(HeaderHash)
    }

    /// The pairs in Hash order; each key once.
    package private(set) var pairs: [(key: String, value: PropertyValue)]

    /// An empty Hash.
    public init() { self.pairs = [] }

    /// A Hash from `JSON.parse`d input whose top-level keys stand for Symbols.
    package init(_ object: JSONObject) {
        self.pairs = object.pairs.map { ($0.key, .ruby($0.value)) }
    }

    /// A Hash from pairs; a repeated key keeps its first position and last value.
    package init(_ pairs: [(String, PropertyValue)]) {
        self.pairs = []
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in order.
    package var keys: [String] { pairs.map(\.key) }

    /// `Hash#[]` and `Hash#[]=`: a new key is appended, an existing one keeps its
    /// position; assigning `nil` deletes (unlike Ruby, where `h[k] = nil` keeps the key
    /// with a nil value — write `.ruby(.null)` for that).
    package subscript(key: String) -> PropertyValue? {
        get { pairs.first { $0.key == key }?.value }
        set { assignRubyHashPair(&pairs, key: key, value: newValue) }
    }

    /// `Hash#merge(other)`: the other's values win, existing keys keep their position,
    /// new keys are appended in the other's order. Shallow: a `headers` Hash replaces
    /// the whole `headers` Hash.
    package func merging(_ other: PublishProperties) -> PublishProperties {
        var result = self
        for (key, value) in other.pairs { result[key] = value }
        return result
    }

    /// Ruby truthiness of a value: only `nil` and `false` are falsy.
    static func isTruthy(_ value: PropertyValue?) -> Bool {
        switch value {
        case nil, .ruby(.null), .ruby(.bool(false)): false
        default: true
        }
    }

    public static func == (lhs: PublishProperties, rhs: PublishProperties) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension PublishProperties: ExpressibleByDictionaryLiteral {
    public typealias Key = String
    public typealias Value = JSONValue

    /// A Hash of Ruby values written as a literal, keys in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { ($0.0, PropertyValue.ruby($0.1)) })
    }
}
