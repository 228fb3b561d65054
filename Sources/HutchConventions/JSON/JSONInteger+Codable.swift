/// `JSONInteger` as a Codable value (a Ruby Integer). ``RubyJSONEncoder`` and
/// ``RubyJSONDecoder`` keep any size; other coders take what fits in 64 bits.
extension JSONInteger: Codable {
    /// Writes the integer.
    public func encode(to encoder: any Encoder) throws { try JSONValue.integer(self).encode(to: encoder) }

    /// Reads an Integer; anything else (a Float included) is a `typeMismatch`.
    public init(from decoder: any Decoder) throws {
        guard case .integer(let integer) = try JSONValue(from: decoder) else {
            throw DecodingError.typeMismatch(
                JSONInteger.self, .init(codingPath: decoder.codingPath, debugDescription: "Expected an Integer"))
        }
        self = integer
    }
}
