/// Literals build values the way Ruby literals do: `[1, 2.5, "a", nil]` is an Array of
/// an Integer, a Float, a String and `nil`; `["b": 1, "a": 2]` is a Hash whose keys
/// keep the order written.
extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil`.
    public init(nilLiteral: ()) { self = .null }
    /// `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An Integer.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A Float.
    public init(floatLiteral value: Double) { self = .float(value) }
    /// A String.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An Array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A Hash; keys in the order written, a repeated key keeps its first position and last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
