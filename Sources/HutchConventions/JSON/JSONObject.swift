/// A JSON object as a Ruby Hash holds it: String keys in insertion order, each once.
///
/// Mirrors `Hash#[]=`: writing an existing key replaces its value in place (the key
/// keeps its first position), writing a new key appends it. `JSON.parse` builds its
/// Hash that way, so `{"a":1,"b":2,"a":3}` reads as `{"a"=>3, "b"=>2}`, and
/// `JSON.generate` writes the pairs in that order.
///
/// Lookups are linear for small objects and use a key index once an object has more
/// than ``indexThreshold`` pairs, so building or reading big objects stays linear.
public struct JSONObject: Sendable, Equatable {
    /// The pairs in insertion order.
    public private(set) var pairs: [(key: String, value: JSONValue)]

    /// Position of each key in `pairs`; kept only for objects above the threshold.
    private var index: [String: Int]?

    /// The number of pairs above which lookups go through a hash index.
    public static let indexThreshold = 16

    /// An empty object.
    public init() { self.pairs = [] }

    /// An empty object with room for `capacity` pairs.
    public init(minimumCapacity capacity: Int) {
        self.pairs = []
        self.pairs.reserveCapacity(capacity)
    }

    /// An object from pairs; a repeated key keeps its first position and its last
    /// value, as `Hash#[]=` does.
    public init(_ pairs: [(String, JSONValue)]) {
        self.pairs = []
        self.pairs.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in order, as `Hash#keys`.
    public var keys: [String] { pairs.map(\.key) }

    /// The values in key order, as `Hash#values`.
    public var values: [JSONValue] { pairs.map(\.value) }

    /// Whether the object has no pairs.
    public var isEmpty: Bool { pairs.isEmpty }

    /// The number of pairs.
    public var count: Int { pairs.count }

    /// The position of `key` in ``pairs``, or `nil` (`Hash#key?`).
    public func position(ofKey key: String) -> Int? {
        if let index { return index[key] }
        return pairs.firstIndex { $0.key == key }
    }

    /// Whether the object has `key`, as `Hash#key?`.
    public func contains(key: String) -> Bool { position(ofKey: key) != nil }

    /// Reads or writes a key like `Hash#[]` and `Hash#[]=`; writing `nil` deletes, as
    /// `Hash#delete`.
    public subscript(key: String) -> JSONValue? {
        get { position(ofKey: key).map { pairs[$0].value } }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Sets `key` to `value` like `Hash#store`: an existing key keeps its position.
    /// Returns the value it replaced.
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        if let position = position(ofKey: key) {
            let old = pairs[position].value
            pairs[position].value = value
            return old
        }
        pairs.append((key, value))
        if index != nil {
            index?[key] = pairs.count - 1
        } else if pairs.count > Self.indexThreshold {
            buildIndex()
        }
        return nil
    }

    /// Removes `key` like `Hash#delete`, keeping the order of the other pairs.
    /// Returns the removed value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(ofKey: key) else { return nil }
        let old = pairs.remove(at: position).value
        if index != nil {
            if pairs.count > Self.indexThreshold {
                buildIndex()
            } else {
                index = nil
            }
        }
        return old
    }

    /// Appends a pair whose key the caller knows is not present yet.
    mutating func appendNew(_ key: String, _ value: JSONValue) {
        pairs.append((key, value))
        if index != nil {
            index?[key] = pairs.count - 1
        } else if pairs.count > Self.indexThreshold {
            buildIndex()
        }
    }

    /// An object of pairs whose keys the caller knows are all different as Swift strings
    /// (the parser, which joins repeated keys itself).
    init(uniqueKeyPairs pairs: [(key: String, value: JSONValue)]) {
        self.pairs = pairs
        if pairs.count > Self.indexThreshold { buildIndex() }
    }

    private mutating func buildIndex() {
        var built: [String: Int] = [:]
        built.reserveCapacity(pairs.count * 2)
        for (position, pair) in pairs.enumerated() { built[pair.key] = position }
        index = built
    }

    /// Equal when the pairs are equal in the same order, as the JSON text would be.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Keys in the order written; a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
