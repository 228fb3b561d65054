/// JSON exactly as Ruby's json gem (2.6.1, through MultiJson 1.14's `json_gem` adapter)
/// reads and writes it — the bytes Hutch puts in and takes out of message bodies.
public enum RubyJSON {
    /// `JSON.parse(text)`: the value Ruby gets for these bytes, or the error Ruby raises.
    public static func parse(_ bytes: some Collection<UInt8>) throws(RubyJSONError) -> JSONValue {
        // The bytes are read in place when they are contiguous (an Array, Data, a slice).
        let parsed = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(RubyJSONError) in try RubyJSONParser.parse(buffer) }
        }
        return try
            (parsed
            ?? Array(bytes).withUnsafeBufferPointer { buffer in
                Result { () throws(RubyJSONError) in try RubyJSONParser.parse(buffer) }
            }).get()
    }

    /// `JSON.parse(text)` for a Swift string.
    public static func parse(_ text: String) throws(RubyJSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// `MultiJson.load(payload)` with the `json_gem` adapter, as Hutch decodes a body.
    ///
    /// MultiJson 1.14 refuses a payload that is empty or only Ruby white space
    /// (`/\A\s*\z/`: space, `\t`, `\n`, `\v`, `\f`, `\r`) before calling the parser —
    /// it raises, it does not return `nil`. Otherwise it forces the payload to binary,
    /// which the json gem reads as UTF-8, and calls `JSON.parse` (its `quirks_mode`
    /// option is ignored by json 2.x). Every parser error comes back as
    /// `MultiJson::ParseError` (``RubyJSONError/viaMultiJSON`` is set).
    public static func multiJSONLoad(_ bytes: some Collection<UInt8>) throws(RubyJSONError) -> JSONValue {
        let isBlank = bytes.allSatisfy { $0 == 0x20 || (0x09...0x0D).contains($0) }
        if isBlank {
            throw RubyJSONError(
                expected: "a JSON value (MultiJson refuses a blank payload)",
                found: bytes.isEmpty ? "an empty payload" : "only white space", offset: 0
            ).throughMultiJSON()
        }
        do {
            return try parse(bytes)
        } catch {
            throw error.throughMultiJSON()
        }
    }

    /// `JSON.generate(value)` (and `MultiJson.dump`): compact, keys in order, Ruby's
    /// float text and string escaping. Throws where Ruby raises `JSON::GeneratorError`
    /// or `JSON::NestingError`.
    public static func generate(_ value: JSONValue) throws(RubyJSONError) -> [UInt8] {
        // The writer starts on the stack: a body that fits allocates only its array.
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: RubyJSONWriter.initialCapacity) {
            buffer throws(RubyJSONError) in
            var writer = RubyJSONWriter(startingIn: buffer)
            try writer.write(value, depth: 0)
            return writer.finish()
        }
    }

    /// ``generate(_:)`` as a Swift string.
    public static func generateString(_ value: JSONValue) throws(RubyJSONError) -> String {
        String(decoding: try generate(value), as: UTF8.self)
    }
}
