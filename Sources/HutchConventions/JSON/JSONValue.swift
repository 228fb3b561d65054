/// A value as Ruby's `JSON.parse` returns it, and as `JSON.generate` writes it back.
///
/// Keeps what Ruby keeps and Foundation's JSON types lose: the Integer/Float
/// distinction, integers of any size, and the order of object keys.
public enum JSONValue: Sendable, Equatable {
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
    package var rubyClassName: String {
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
    package var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, when this is one.
    package var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The string, when this is one.
    package var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer as `Int64`, when this is an integer that fits.
    package var int64Value: Int64? {
        if case .integer(let i) = self { return i.int64 }
        return nil
    }

    /// The number as a `Double` — a Float as is, an Integer as `Integer#to_f` converts it.
    package var doubleValue: Double? {
        switch self {
        case .float(let value): value
        case .integer(let value): value.doubleValue
        default: nil
        }
    }

    /// The boolean, when this is one.
    package var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether this is `null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Structural equality; floats by bit pattern, objects with their key order.
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
