#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Encodes `Encodable` Swift values to the JSON bytes Ruby's `MultiJson.dump` (json
/// gem) writes for the equivalent Ruby Hash, so a Swift publisher is byte-identical
/// to a Ruby one.
///
/// The value goes through ``JSONValue`` and then ``RubyJSON/generate(_:)``:
/// - keys keep the order the type encodes them — declaration order for synthesized
///   conformances — as a Ruby Hash keeps insertion order (a repeated key keeps its
///   first position and last value, as `Hash#[]=` does);
/// - every `Int`/`UInt` width is an Integer (`UInt64.max` included);
/// - `Double` is a Float written as `Float#to_s` (`1.0e+20`, `-0.0`); NaN and
///   ±Infinity throw, as the json gem raises `GeneratorError`;
/// - `Float` is widened through its shortest decimal text (``FloatStrategy``), so
///   `Float(1.5)` and `Float(0.1)` are written `1.5` and `0.1`;
/// - `nil` is `null` when encoded explicitly (`encodeNil`); a `nil` optional property
///   of a synthesized conformance is left out (`encodeIfPresent`), as a Ruby Hash
///   without that key (``writesNilAsNull`` writes it as `"key":null` instead);
/// - keys are the coding keys as spelled (``keyStrategy`` writes `orderId` as `order_id`);
/// - `URL` is its `absoluteString`; `Date`, `Data` and `Decimal` follow the
///   strategies below; a ``JSONValue`` is inserted as it is.
///
/// Swift `Dictionary` values encode in the dictionary's own (unspecified) order; use
/// ``JSONObject`` or a type with coding keys where the order matters.
///
/// ```swift
/// struct Order: Encodable { var id: Int; var total: Double; var tags: [String] }
/// let bytes = try RubyJSONEncoder().encode(Order(id: 1, total: 9.5, tags: ["a"]))
/// // {"id":1,"total":9.5,"tags":["a"]}
/// ```
public struct RubyJSONEncoder: Sendable {
    /// How a `Date` is written.
    public enum DateStrategy: Sendable {
        /// The json gem's `Time#to_json` for a UTC time, which is `Time#to_s`:
        /// `"2026-11-27 03:43:53 UTC"` (sub-seconds dropped). This is what Hutch writes:
        /// it does not load ActiveSupport's JSON encoding (checked against the recorded
        /// bodies, where `<`, `>`, `&` and U+2028 stay unescaped).
        case rubyTimeToS
        /// `Time#to_s` of a local time with this UTC offset: `"2026-11-27 04:43:53 +0100"`.
        case rubyLocalTimeToS(utcOffsetSeconds: Int)
        /// ActiveSupport's `Time#to_json` for a UTC time (when a shop loads
        /// `active_support/json`): ISO 8601 with milliseconds, `"2026-11-27T03:43:53.000Z"`.
        case activeSupportISO8601
        /// `Time#to_f`: seconds since 1970 as a Float.
        case secondsSince1970
        /// A closure that encodes the date itself.
        case custom(@Sendable (Date, any Encoder) throws -> Void)
    }

    /// How `Data` is written. Ruby has no byte type: a binary String with bytes above
    /// 0x7F cannot be written by the json gem at all, so Ruby code sends bytes as text.
    public enum DataStrategy: Sendable {
        /// A strict Base64 string, as Ruby's `Base64.strict_encode64` (default).
        case base64
        /// An Array of Integers, as Ruby's `String#bytes`.
        case byteArray
        /// A closure that encodes the data itself.
        case custom(@Sendable (Data, any Encoder) throws -> Void)
    }

    /// How `Decimal` is written. Ruby's `BigDecimal#to_json` is a String (`"0.15e1"`
    /// with the json gem, `"1.5"` with ActiveSupport), which is rarely what a Swift
    /// `Decimal` field means, so the default is to refuse.
    public enum DecimalStrategy: Sendable {
        /// Throw `EncodingError.invalidValue` (default).
        case reject
        /// The nearest `Double`, written as a Ruby Float.
        case float
        /// A String with the plain decimal text (`"1.5"`), as ActiveSupport writes a BigDecimal.
        case string
    }

    /// How a Swift `Float` becomes a Ruby Float (a double).
    public enum FloatStrategy: Sendable {
        /// Through its shortest decimal text: `Float(0.1)` becomes the double `0.1`
        /// (default) — what a Ruby program would have written for the same number.
        case shortestDecimal
        /// Its exact value: `Float(0.1)` becomes `0.10000000149011612`.
        case exact
    }

    /// How a `Date` is written; ``DateStrategy/rubyTimeToS`` by default.
    public var dateStrategy: DateStrategy = .rubyTimeToS
    /// How `Data` is written; ``DataStrategy/base64`` by default.
    public var dataStrategy: DataStrategy = .base64
    /// How `Decimal` is written; ``DecimalStrategy/reject`` by default.
    public var decimalStrategy: DecimalStrategy = .reject
    /// How `Float` is widened; ``FloatStrategy/shortestDecimal`` by default.
    public var floatStrategy: FloatStrategy = .shortestDecimal
    /// How coding keys become Hash keys; ``RubyJSONKeyStrategy/useDefaultKeys`` by default.
    public var keyStrategy: RubyJSONKeyStrategy = .useDefaultKeys
    /// Whether a `nil` optional property is written as `"key":null` (for a Ruby consumer
    /// that reads `message.fetch(:key)` or checks `key?(:key)`) rather than left out;
    /// `false` by default, as a Ruby Hash without the key.
    public var writesNilAsNull = false
    /// Context for custom `encode(to:)` implementations.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder with the default strategies.
    public init() {}

    /// An encoder with the default strategies except these.
    public init(keyStrategy: RubyJSONKeyStrategy = .useDefaultKeys, writesNilAsNull: Bool = false) {
        self.keyStrategy = keyStrategy
        self.writesNilAsNull = writesNilAsNull
    }

    /// The bytes `MultiJson.dump` would write for the Ruby equivalent of `value`.
    public func encode(_ value: some Encodable) throws -> [UInt8] {
        try RubyJSON.generate(encodeToJSONValue(value))
    }

    /// ``encode(_:)`` as a Swift string.
    public func encodeToString(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// The Ruby value (`JSONValue`) for `value`, before it is written as text.
    public func encodeToJSONValue(_ value: some Encodable) throws -> JSONValue {
        try JSONValueEncoder(options: self, codingPath: []).box(value)
    }
}
