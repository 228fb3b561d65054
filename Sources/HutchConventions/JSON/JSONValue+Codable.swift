/// `JSONValue` as a Codable value, so it can sit inside your own `Codable` types.
///
/// With ``RubyJSONEncoder`` and ``RubyJSONDecoder`` a `JSONValue` passes through
/// unchanged (Integer/Float distinction, big integers, key order, invalid UTF-8
/// strings). With other coders (Foundation's `JSONEncoder`/`JSONDecoder`) it maps to
/// their primitives: objects go through a keyed container in key order — whether the
/// output keeps that order is up to that coder, and a decoder's `allKeys` order is
/// what the Hash gets; Integers beyond `Int64`/`UInt64`, NaN/Infinity and strings that
/// are not valid UTF-8 throw; a coder that reads `2.0` as an integer loses the Float
/// class. Use ``RubyJSON`` for exact Ruby bytes.
extension JSONValue: Codable {
    private struct ObjectKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { self.stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Writes the value into any `Encoder`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .integer(let integer):
            var container = encoder.singleValueContainer()
            if let small = integer.int64 {
                try container.encode(small)
            } else if let unsigned = integer.uint64 {
                try container.encode(unsigned)
            } else {
                throw EncodingError.invalidValue(
                    self,
                    .init(codingPath: encoder.codingPath, debugDescription: "The Integer \(integer) does not fit in 64 bits"))
            }
        case .float(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .binaryString:
            throw EncodingError.invalidValue(
                self,
                .init(codingPath: encoder.codingPath, debugDescription: "A Ruby String that is not valid UTF-8: \(rubyInspect)"))
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let object):
            var container = encoder.container(keyedBy: ObjectKey.self)
            for (key, value) in object.pairs { try container.encode(value, forKey: ObjectKey(key)) }
        }
    }

    /// Reads a value from any `Decoder`: `nil`, a Bool, an integer, a float, a string,
    /// an array or an object, tried in that order.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: ObjectKey.self) {
            var object = JSONObject()
            for key in container.allKeys { object[key.stringValue] = try container.decode(JSONValue.self, forKey: key) }
            self = .object(object)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !container.isAtEnd { elements.append(try container.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let small = try? container.decode(Int64.self) {
            self = .int(small)
        } else if let unsigned = try? container.decode(UInt64.self) {
            self = .integer(JSONInteger(unsigned))
        } else if let number = try? container.decode(Double.self) {
            self = .float(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}
