extension Serializer {
    /// The Ruby class name of `message.body` this serializer produces.
    ///
    /// `Hutch::Serializers::JSON.decode` ends in `with_indifferent_access`, so its bodies
    /// are `ActiveSupport::HashWithIndifferentAccess` (nested hashes too) in every
    /// modelled Hutch version, with or without hutch-schedule. `Identity.decode` returns
    /// the payload String itself.
    public var bodyClassName: String {
        switch self {
        case .json: "ActiveSupport::HashWithIndifferentAccess"
        case .identity: "String"
        }
    }

    /// `serializer.decode(payload)` as `Hutch::Message.new` calls it.
    ///
    /// JSON: `MultiJson.load(payload).with_indifferent_access`. A payload that is not
    /// JSON, or is blank, raises `MultiJson::ParseError`; JSON that is not an object
    /// (an array, string, number, `true`/`false`, `null`) loads, and then
    /// `with_indifferent_access` raises `NoMethodError` because only Hash has it.
    /// Identity: the bytes unchanged, never raising.
    public func decodeBody(_ payload: [UInt8]) throws(RubyException) -> HutchMessage.Body {
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
