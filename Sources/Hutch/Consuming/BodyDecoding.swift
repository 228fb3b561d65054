import HutchConventions

/// A delivery whose body the consumer's ``HutchConsumer/Body`` cannot be made from.
///
/// Unlike hutch-schedule's worker (which raises outside any rescue and leaves the
/// delivery unacknowledged forever), the Swift worker nacks such a delivery (or
/// dead-queues it when configured) and logs its message id and routing key.
public struct UndecodableBody: Error, Sendable, CustomStringConvertible {
    /// Why: Ruby's exception for a body Hutch cannot decode (`MultiJson::ParseError`,
    /// `NoMethodError` for JSON that is not an object), or the Swift decoding error.
    public var reason: String
    /// The error behind ``reason`` when Swift raised it: the `DecodingError` (whose
    /// coding path is the body path) or the `RubyJSONError`; `nil` for the checks of
    /// Hutch's own rules.
    public var underlying: (any Error)?

    /// Creates the error.
    public init(reason: String, underlying: (any Error)? = nil) {
        self.reason = reason
        self.underlying = underlying
    }

    public var description: String { "undecodable body: \(reason)" }
}

extension HutchConsumer {
    /// The ``Body`` the worker hands to ``process(_:)`` for these body bytes — the same
    /// serializer choice (``serializer``, else the configured `defaultSerializer`), parser
    /// and decoder (``bodyDecoder``) — or the ``UndecodableBody`` for which the worker
    /// would nack it. Contract tests decode recorded Ruby messages with it.
    public static func decodeBody(_ bytes: [UInt8], defaultSerializer: Serializer) throws(UndecodableBody) -> Body {
        try BodyDecoding.decode(Body.self, from: bytes, serializer: serializer ?? defaultSerializer, decoder: bodyDecoder)
    }
}

enum BodyDecoding {
    /// The body for `serializer`, following `Hutch::Message.new`: the JSON serializer
    /// requires a JSON object (Hutch calls `with_indifferent_access` on it), which is
    /// then decoded into `Body` with ``RubyJSONDecoder``; the identity serializer gives the
    /// bytes (`[UInt8]`), or their text (`String`, when valid UTF-8).
    static func decode<Body: Decodable & Sendable>(
        _ type: Body.Type, from bytes: [UInt8], serializer: Serializer, decoder: RubyJSONDecoder = RubyJSONDecoder()
    ) throws(UndecodableBody) -> Body {
        switch serializer {
        case .identity:
            if let raw = bytes as? Body { return raw }
            if Body.self == String.self, let text = String(validating: bytes, as: UTF8.self), let body = text as? Body {
                return body
            }
            throw UndecodableBody(reason: "the identity serializer gives bytes; \(Body.self) is neither [UInt8] nor String")
        case .json:
            let value: JSONValue
            do {
                guard case .json(let json) = try serializer.decodeBody(bytes) else {
                    throw UndecodableBody(reason: "not a JSON body")
                }
                value = json
            } catch let error as RubyException {
                throw UndecodableBody(reason: "\(error)", underlying: error)
            } catch let error as UndecodableBody {
                throw error
            } catch {
                throw UndecodableBody(reason: "\(error)", underlying: error)
            }
            // A type comparison first: a failed `as?` cast costs hundreds of instructions
            // per delivery for every other Body.
            if Body.self == JSONValue.self, let body = value as? Body { return body }
            do {
                return try decoder.decode(Body.self, from: value)
            } catch {
                throw UndecodableBody(reason: "\(error)", underlying: error)
            }
        }
    }
}
