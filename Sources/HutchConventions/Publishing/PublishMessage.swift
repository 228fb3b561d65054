/// The message object handed to `Hutch.publish`.
public enum PublishMessage: Sendable, Equatable {
    /// A Ruby value as `JSON.parse` returns it. The JSON serializer writes it with
    /// `MultiJson.dump`; the identity serializer sends a String's bytes as they are and
    /// fails on anything else (`NoMethodError`: no `bytesize`).
    case value(JSONValue)
    /// A binary Ruby String (the identity serializer's usual body). The JSON serializer
    /// writes it as a JSON string when it is valid UTF-8 and raises
    /// `JSON::GeneratorError` otherwise.
    case bytes([UInt8])

    /// The body bytes `serializer.encode(message)` gives, as bunny then sends them.
    package func body(serializer: Serializer) throws(PublishError) -> [UInt8] {
        switch (serializer, self) {
        case (.json, .value(let value)):
            do { return try RubyJSON.generate(value) } catch { throw PublishError(.serialization(error), error.message) }
        case (.json, .bytes(let bytes)):
            let value: JSONValue =
                String(validating: bytes, as: UTF8.self).map(JSONValue.string) ?? .binaryString(bytes)
            return try PublishMessage.value(value).body(serializer: .json)
        case (.identity, .bytes(let bytes)):
            return bytes
        case (.identity, .value(.string(let text))):
            return Array(text.utf8)
        case (.identity, .value(.binaryString(let bytes))):
            return bytes
        case (.identity, .value(let other)):
            throw PublishError(.noMethod, "undefined method `bytesize' for \(other.rubyClassName)")
        }
    }
}
