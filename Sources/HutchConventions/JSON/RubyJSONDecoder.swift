#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Decodes `Decodable` Swift values from message bodies as Hutch reads them with
/// `MultiJson.load` (json gem), with typed `DecodingError`s that carry the coding path.
///
/// Bytes go through ``RubyJSON/multiJSONLoad(_:)`` to a ``JSONValue`` and then into
/// the type. The rules:
/// - integer fields take Ruby Integers that fit the field's width; a bigger Integer
///   (Ruby has no limit) is `DecodingError.dataCorrupted` naming the number and the type;
/// - a Ruby Float for an integer field is `DecodingError.typeMismatch`, even `2.0`:
///   Ruby keeps `2.0` a Float, and a Ruby consumer comparing it with an Integer field
///   would see a different class (``acceptsIntegralFloatsForIntegers`` relaxes this);
/// - a String for a number field is `DecodingError.typeMismatch` (``acceptsNumbersInStrings``
///   relaxes this: `"42"` for an `Int`, `"9.5"` for a `Double`);
/// - Hash keys are matched to coding keys as written (``keyStrategy`` can read
///   `snake_case` keys into `camelCase` properties);
/// - `Double` fields take Floats and Integers (as `Integer#to_f`); `Float` fields the
///   nearest `Float`;
/// - `String` fields refuse strings that are not valid UTF-8 (Ruby's `JSON.parse` keeps
///   them, see ``JSONValue/binaryString(_:)``) with `DecodingError.dataCorrupted`;
/// - `Date`, `Data`, `Decimal` and `URL` mirror ``RubyJSONEncoder``; a ``JSONValue``
///   field receives the value as parsed.
public struct RubyJSONDecoder: Sendable {
    /// How a `Date` is read.
    public enum DateStrategy: Sendable {
        /// A String in either Ruby form — `Time#to_s` (`"2026-11-27 03:43:53 UTC"`,
        /// `"… +0100"`) or ActiveSupport's ISO 8601 (`"2026-11-27T03:43:53.000Z"`) (default).
        case rubyTimeText
        /// Seconds since 1970, an Integer or a Float (`Time#to_i`, `Time#to_f`).
        case secondsSince1970
        /// A closure that decodes the date itself.
        case custom(@Sendable (any Decoder) throws -> Date)
    }

    /// How `Data` is read.
    public enum DataStrategy: Sendable {
        /// A Base64 String (default).
        case base64
        /// An Array of Integers 0…255.
        case byteArray
        /// A closure that decodes the data itself.
        case custom(@Sendable (any Decoder) throws -> Data)
    }

    /// How a `Date` is read; ``DateStrategy/rubyTimeText`` by default.
    public var dateStrategy: DateStrategy = .rubyTimeText
    /// How `Data` is read; ``DataStrategy/base64`` by default.
    public var dataStrategy: DataStrategy = .base64
    /// Whether an integer field accepts a Float with no fraction (`2.0`); `false` by default.
    public var acceptsIntegralFloatsForIntegers = false
    /// Whether a number field accepts a String holding the number (`"42"` for an `Int`,
    /// `"9.5"` or `"42"` for a `Double`), as Ruby code that sends `params[:id]` unconverted
    /// writes it; `false` by default. An integer field takes only integer text, unless
    /// ``acceptsIntegralFloatsForIntegers`` also lets it take `"3.0"`.
    public var acceptsNumbersInStrings = false
    /// How Hash keys are matched to coding keys; ``RubyJSONKeyStrategy/useDefaultKeys`` by default.
    public var keyStrategy: RubyJSONKeyStrategy = .useDefaultKeys
    /// Context for custom `init(from:)` implementations.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// A decoder with the default strategies.
    public init() {}

    /// A decoder with the default strategies except these.
    public init(
        acceptsIntegralFloatsForIntegers: Bool = false, acceptsNumbersInStrings: Bool = false,
        keyStrategy: RubyJSONKeyStrategy = .useDefaultKeys
    ) {
        self.acceptsIntegralFloatsForIntegers = acceptsIntegralFloatsForIntegers
        self.acceptsNumbersInStrings = acceptsNumbersInStrings
        self.keyStrategy = keyStrategy
    }

    /// Decodes a message body, read as `MultiJson.load` reads it. Throws
    /// ``RubyJSONError`` when Ruby could not parse the body, `DecodingError` when the
    /// value does not fit the type.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try decode(type, from: RubyJSON.multiJSONLoad(bytes))
    }

    /// Decodes from a value already parsed.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoder(value: value, codingPath: [], options: self).unbox(type)
    }
}
