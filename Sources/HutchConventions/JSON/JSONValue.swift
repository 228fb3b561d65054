/// A value as Ruby's `JSON.parse` returns it, and as `JSON.generate` writes it back.
///
/// Keeps what Ruby keeps and Foundation's JSON types lose: the Integer/Float
/// distinction, integers of any size, and the order of object keys.
public indirect enum JSONValue: Sendable, Equatable {
    /// `nil`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A Ruby Integer, of any size.
    case integer(JSONInteger)
    /// A Ruby Float. Compared by bit pattern, so `-0.0` and `0.0` differ as they do in
    /// Ruby's JSON text.
    case float(Double)
    /// A Ruby String holding valid UTF-8.
    case string(String)
    /// A Ruby String whose bytes are not valid UTF-8. Ruby's `JSON.parse` returns such
    /// strings for raw invalid bytes inside a JSON string; `JSON.generate` refuses them.
    case binaryString([UInt8])
    /// A Ruby Array.
    case array([JSONValue])
    /// A Ruby Hash with String keys, in insertion order.
    case object(JSONObject)

    /// An integer value from a machine integer.
    public static func int(_ value: Int64) -> JSONValue { .integer(JSONInteger(value)) }

    /// The Ruby class name of this value as `Object#class` would print it
    /// (`"Hash"`, `"Array"`, `"String"`, `"Integer"`, `"Float"`, `"TrueClass"`,
    /// `"FalseClass"`, `"NilClass"`).
    public var rubyClassName: String {
        switch self {
        case .null: "NilClass"
        case .bool(let b): b ? "TrueClass" : "FalseClass"
        case .integer: "Integer"
        case .float: "Float"
        case .string, .binaryString: "String"
        case .array: "Array"
        case .object: "Hash"
        }
    }

    /// The object, when this is one.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, when this is one.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer as `Int64`, when this is an integer that fits.
    public var int64Value: Int64? {
        if case .integer(let i) = self { return i.int64 }
        return nil
    }

    /// The boolean, when this is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.float(let a), .float(let b)): a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): a == b
        case (.binaryString(let a), .binaryString(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }
}

/// An integer of any size, kept as its canonical decimal text (no leading zeros, no
/// `+`, `-` only for negatives, `0` for zero).
public struct JSONInteger: Sendable, Hashable, CustomStringConvertible {
    /// The canonical decimal text.
    public let description: String

    /// The value as `Int64` when it fits.
    public let int64: Int64?

    /// An integer from a machine integer.
    public init(_ value: Int64) {
        self.description = String(value)
        self.int64 = value
    }

    /// An integer from decimal text (`-?[0-9]+`, leading zeros allowed and dropped);
    /// `nil` when the text is not of that form.
    public init?(decimal text: Substring) {
        var digits = text
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let trimmed = digits.drop { $0 == "0" }
        let magnitude = trimmed.isEmpty ? "0" : String(trimmed)
        let canonical = (negative && magnitude != "0") ? "-" + magnitude : magnitude
        self.description = canonical
        self.int64 = Int64(canonical)
    }

    /// An integer from decimal text; `nil` when it is not of the form `-?[0-9]+`.
    public init?(decimal text: String) { self.init(decimal: Substring(text)) }
}

/// A JSON object as a Ruby Hash holds it: String keys in insertion order, each once.
public struct JSONObject: Sendable, Equatable {
    /// The pairs in insertion order.
    public private(set) var pairs: [(key: String, value: JSONValue)]

    /// An empty object.
    public init() { self.pairs = [] }

    /// An object from pairs; a repeated key keeps its first position and its last
    /// value, as `Hash#[]=` does.
    public init(_ pairs: [(String, JSONValue)]) {
        self.pairs = []
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in order.
    public var keys: [String] { pairs.map(\.key) }

    /// Whether the object has no pairs.
    public var isEmpty: Bool { pairs.isEmpty }

    /// The number of pairs.
    public var count: Int { pairs.count }

    /// Reads or writes a key like `Hash#[]` and `Hash#[]=`; writing `nil` deletes.
    public subscript(key: String) -> JSONValue? {
        get { pairs.first { $0.key == key }?.value }
        set {
            let index = pairs.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let i?, let v?): pairs[i].value = v
            case (let i?, nil): pairs.remove(at: i)
            case (nil, let v?): pairs.append((key, v))
            case (nil, nil): break
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Keys in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
