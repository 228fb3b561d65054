/// `JSONObject` as a Codable value (a Ruby Hash); see ``JSONValue``'s conformance for
/// what other coders keep.
extension JSONObject: Codable {
    /// Writes the pairs in order through a keyed container.
    public func encode(to encoder: any Encoder) throws { try JSONValue.object(self).encode(to: encoder) }

    /// Reads a Hash; anything else is a `typeMismatch`.
    public init(from decoder: any Decoder) throws {
        guard case .object(let object) = try JSONValue(from: decoder) else {
            throw DecodingError.typeMismatch(
                JSONObject.self, .init(codingPath: decoder.codingPath, debugDescription: "Expected a Hash"))
        }
        self = object
    }
}
