/// How a Swift coding key and a Ruby Hash key are matched, for ``RubyJSONEncoder`` and
/// ``RubyJSONDecoder``.
///
/// Ruby code writes `snake_case` keys (`order_id`); Swift properties are `camelCase`
/// (`orderId`). With ``snakeCase`` the encoder writes `orderId` as `order_id` and the
/// decoder reads `order_id` into `orderId`, without hand-written `CodingKeys`.
public enum RubyJSONKeyStrategy: Sendable, Equatable {
    /// Keys as the type's coding keys spell them (default).
    case useDefaultKeys
    /// Swift `camelCase` keys are Ruby `snake_case` keys: `orderId` ↔ `order_id`,
    /// `shippingURL` → `shipping_url` (read back as `shippingUrl`: name such a property
    /// `shippingUrl`, or give it a coding key). Leading and trailing underscores are kept.
    /// It applies to every keyed container, `[String: T]` dictionaries included, and not
    /// to ``JSONValue`` and ``JSONObject`` values, which are written and read as they are.
    case snakeCase

    var isDefault: Bool { self == .useDefaultKeys }

    /// The Ruby key for a Swift coding key.
    package func rubyKey(_ swiftKey: String) -> String {
        switch self {
        case .useDefaultKeys: swiftKey
        case .snakeCase: Self.snakeCased(swiftKey)
        }
    }

    /// The Swift coding key for a Ruby key.
    package func swiftKey(_ rubyKey: String) -> String {
        switch self {
        case .useDefaultKeys: rubyKey
        case .snakeCase: Self.camelCased(rubyKey)
        }
    }

    /// `object` with its keys (not those of nested values) as Swift coding keys.
    func swiftKeys(of object: JSONObject) -> JSONObject {
        var converted = JSONObject(minimumCapacity: object.count)
        for (key, value) in object.pairs { converted[swiftKey(key)] = value }
        return converted
    }

    /// `orderId` → `order_id`, `shippingURL` → `shipping_url`, `line2Total` → `line2_total`.
    static func snakeCased(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        result.reserveCapacity(characters.count + 4)
        for (offset, character) in characters.enumerated() {
            if character.isUppercase, offset > 0 {
                let previous = characters[offset - 1]
                let next = offset + 1 < characters.count ? characters[offset + 1] : nil
                let wordEnds = previous.isLowercase || previous.isNumber
                let acronymEnds = previous.isUppercase && (next?.isLowercase ?? false)
                if wordEnds || acronymEnds { result.append("_") }
            }
            result += character.lowercased()
        }
        return result
    }

    /// `order_id` → `orderId`, `_private_id` → `_privateId`; a key without inner
    /// underscores is left as it is.
    static func camelCased(_ key: String) -> String {
        let leading = key.prefix { $0 == "_" }
        let rest = key.dropFirst(leading.count)
        let core = rest.prefix(rest.count - rest.reversed().prefix { $0 == "_" }.count)
        guard core.contains("_") else { return key }
        let trailing = rest.dropFirst(core.count)
        let words = core.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = words.first else { return key }
        let tail = words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
        return String(leading) + first.lowercased() + tail.joined() + String(trailing)
    }
}
