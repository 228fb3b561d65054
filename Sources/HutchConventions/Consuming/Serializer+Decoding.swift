extension Serializer {
    /// What `serializer.decode(payload)` gives: `message.body` in a Ruby consumer.
    public enum DecodedBody: Sendable, Equatable {
        /// The JSON serializer's result: always a Hash (an object) — Hutch converts it
        /// with `with_indifferent_access`, and any other JSON value raises first.
        case json(JSONValue)
        /// The identity serializer's result: the payload bytes unchanged (a binary String).
        case raw([UInt8])
    }

    /// `serializer.decode(payload)` as `Hutch::Message.new` calls it.
    ///
    /// JSON: `MultiJson.load(payload).with_indifferent_access`. A payload that is not
    /// JSON, or is blank, raises `MultiJson::ParseError`; JSON that is not an object
    /// (an array, string, number, `true`/`false`, `null`) loads, and then
    /// `with_indifferent_access` raises `NoMethodError` because only Hash has it.
    /// Identity: the bytes unchanged, never raising.
    public func decodeBody(_ payload: [UInt8]) throws(RubyException) -> DecodedBody {
        switch self {
        case .identity:
            return .raw(payload)
        case .json:
            let value = try MultiJSON.load(payload)
            guard case .object = value else {
                throw .noMethod("with_indifferent_access", receiver: "an instance of \(value.rubyClassName)")
            }
            return .json(value)
        }
    }
}
