/// JSON exactly as Ruby's json gem (2.6, through MultiJson 1.14's `json_gem` adapter)
/// reads and writes it — the bytes Hutch puts in and takes out of message bodies.
public enum RubyJSON {
    /// `JSON.parse(text)`: the value Ruby gets for these bytes, or the error Ruby raises.
    public static func parse(_ bytes: some Collection<UInt8>) throws(RubyJSONError) -> JSONValue {
        var parser = RubyJSONParser(Array(bytes))
        return try parser.parseDocument()
    }

    /// `JSON.parse(text)` for a Swift string.
    public static func parse(_ text: String) throws(RubyJSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// `MultiJson.load(payload)`: like ``parse(_:)``, except that a payload that is empty
    /// or only white space loads as `nil` (MultiJson checks for a blank string before
    /// it calls the parser). Its errors are `MultiJson::ParseError` in Ruby.
    public static func multiJSONLoad(_ bytes: some Collection<UInt8>) throws(RubyJSONError) -> JSONValue {
        let isBlank = bytes.allSatisfy { [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains($0) }
        if isBlank { return .null }
        return try parse(bytes)
    }

    /// `JSON.generate(value)` (and `MultiJson.dump`): compact, keys in order, Ruby's
    /// float text and string escaping. Throws where Ruby raises `JSON::GeneratorError`.
    public static func generate(_ value: JSONValue) throws(RubyJSONError) -> [UInt8] {
        var writer = RubyJSONWriter()
        try writer.write(value, depth: 0)
        return writer.output
    }

    /// ``generate(_:)`` as a Swift string.
    public static func generateString(_ value: JSONValue) throws(RubyJSONError) -> String {
        String(decoding: try generate(value), as: UTF8.self)
    }
}
