#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `Decoder` behind ``RubyJSONDecoder``: reads a ``JSONValue``.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    /// The path of the container this value sits in; with `lastKey` it makes
    /// `codingPath`, which is only built when a container or an error needs it.
    let parentPath: [any CodingKey]
    let lastKey: (any CodingKey)?
    /// The settings, shared by reference: a child decoder or container copies one
    /// reference, not the strategies, closures and `userInfo` one by one.
    let shared: SharedOptions
    var options: RubyJSONDecoder { shared.options }
    var userInfo: [CodingUserInfoKey: Any] { options.userInfo }
    var codingPath: [any CodingKey] {
        guard let lastKey else { return parentPath }
        return parentPath + [lastKey]
    }

    /// The settings of one `RubyJSONDecoder.decode` call.
    final class SharedOptions: Sendable {
        let options: RubyJSONDecoder
        init(_ options: RubyJSONDecoder) { self.options = options }
    }

    init(value: JSONValue, codingPath: [any CodingKey], options: RubyJSONDecoder) {
        self.init(value: value, parentPath: codingPath, lastKey: nil, shared: SharedOptions(options))
    }

    init(value: JSONValue, parentPath: [any CodingKey], lastKey: (any CodingKey)?, shared: SharedOptions) {
        self.value = value
        self.parentPath = parentPath
        self.lastKey = lastKey
        self.shared = shared
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw rubyTypeMismatch([String: JSONValue].self, "a Hash", value, codingPath)
        }
        let keyed = options.keyStrategy.isDefault ? object : options.keyStrategy.swiftKeys(of: object)
        return KeyedDecodingContainer(KeyedContainer<Key>(shared: shared, object: keyed, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw rubyTypeMismatch([JSONValue].self, "an Array", value, codingPath)
        }
        return UnkeyedContainer(shared: shared, elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(decoder: self, value: value, codingPath: codingPath)
    }

    // MARK: Unboxing

    func unbox<T: Decodable>(_ type: T.Type) throws -> T {
        if type == JSONValue.self, let result = value as? T { return result }
        if type == JSONObject.self {
            guard case .object(let object) = value else { throw rubyTypeMismatch(type, "a Hash", value, codingPath) }
            if let result = object as? T { return result }
        }
        if type == JSONInteger.self {
            guard case .integer(let integer) = value else { throw rubyTypeMismatch(type, "an Integer", value, codingPath) }
            if let result = integer as? T { return result }
        }
        if type == Date.self, let result = try unboxDate() as? T { return result }
        if type == Data.self, let result = try unboxData() as? T { return result }
        if type == Decimal.self, let result = try unboxDecimal() as? T { return result }
        if type == URL.self, let result = try unboxURL() as? T { return result }
        return try T(from: self)
    }

    private func unboxDate() throws -> Date {
        switch options.dateStrategy {
        case .rubyTimeText:
            let text = try unboxString()
            guard let date = RubyTimeText.parse(text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: codingPath,
                        debugDescription:
                            "Expected a Ruby time text like \"2026-11-27 03:43:53 UTC\" or \"2026-11-27T03:43:53.000Z\", found \(value.rubyInspect)"
                    ))
            }
            return date
        case .secondsSince1970:
            return Date(timeIntervalSince1970: try unboxDouble())
        case .custom(let closure):
            return try closure(self)
        }
    }

    private func unboxData() throws -> Data {
        switch options.dataStrategy {
        case .base64:
            let text = try unboxString()
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "Expected Base64 text, found \(value.rubyInspect)"))
            }
            return data
        case .byteArray:
            return Data(try [UInt8](from: self))
        case .custom(let closure):
            return try closure(self)
        }
    }

    private func unboxDecimal() throws -> Decimal {
        let text: String
        switch value {
        case .integer(let integer): text = integer.description
        case .float(let number) where number.isFinite: text = RubyFloatFormat.string(number)
        case .string(let string): text = string
        default: throw rubyTypeMismatch(Decimal.self, "a number", value, codingPath)
        }
        guard let decimal = Decimal(string: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "\(value.rubyInspect) is not a decimal number"))
        }
        return decimal
    }

    private func unboxURL() throws -> URL {
        let text = try unboxString()
        guard let url = URL(string: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "\(value.rubyInspect) is not a URL"))
        }
        return url
    }

    func unboxString() throws -> String {
        switch value {
        case .string(let text): return text
        case .binaryString:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath,
                    debugDescription: "The Ruby String \(value.rubyInspect) is not valid UTF-8"))
        default: throw rubyTypeMismatch(String.self, "a String", value, codingPath)
        }
    }

    func unboxBool() throws -> Bool {
        guard case .bool(let flag) = value else { throw rubyTypeMismatch(Bool.self, "true or false", value, codingPath) }
        return flag
    }

    func unboxDouble() throws -> Double {
        switch value {
        case .float(let number): return number
        case .integer(let integer): return integer.doubleValue
        case .string(let text) where options.acceptsNumbersInStrings:
            guard let number = Double(text), number.isFinite else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "Expected a number in the String, found \(value.rubyInspect)"))
            }
            return number
        default: throw rubyTypeMismatch(Double.self, "a Float or an Integer", value, codingPath)
        }
    }

    func unboxFloat() throws -> Float {
        let double = try unboxDouble()
        let float = Float(double)
        if double.isFinite, !float.isFinite {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "\(value.rubyInspect) does not fit in Float"))
        }
        return float
    }

    func unboxInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch value {
        case .integer(let integer):
            if let small = integer.int64, let result = T(exactly: small) { return result }
            if let unsigned = integer.uint64, let result = T(exactly: unsigned) { return result }
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath,
                    debugDescription: "The Ruby Integer \(integer) does not fit in \(T.self) (\(T.min)…\(T.max))"))
        case .float(let number):
            if options.acceptsIntegralFloatsForIntegers, let result = T(exactly: number) { return result }
            throw DecodingError.typeMismatch(
                T.self,
                .init(
                    codingPath: codingPath,
                    debugDescription:
                        "Expected an Integer for \(T.self) but found the Ruby Float \(RubyFloatFormat.string(number))"))
        case .string(let text) where options.acceptsNumbersInStrings:
            return try unboxInteger(T.self, fromText: text)
        default:
            throw rubyTypeMismatch(T.self, "an Integer", value, codingPath)
        }
    }
}

/// `typeMismatch` saying what was expected and which Ruby value was found.
func rubyTypeMismatch(_ type: Any.Type, _ expected: String, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    let shown = value.rubyInspect
    let excerpt = shown.count > 60 ? String(shown.prefix(60)) + "…" : shown
    return DecodingError.typeMismatch(
        type,
        .init(codingPath: path, debugDescription: "Expected \(expected) but found the Ruby \(value.rubyClassName) \(excerpt)"))
}

extension JSONValueDecoder {
    /// Holds what its methods read and no more (not the container's own decoder): the box
    /// `KeyedDecodingContainer` keeps it in is read out on every call, each field retained.
    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let shared: SharedOptions
        let object: JSONObject
        let codingPath: [any CodingKey]

        var allKeys: [Key] { object.pairs.compactMap { Key(stringValue: $0.key) } }
        func contains(_ key: Key) -> Bool { object.contains(key: key.stringValue) }

        private func child(_ key: Key) throws -> JSONValueDecoder {
            guard let value = object[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key,
                    .init(
                        codingPath: codingPath,
                        debugDescription:
                            "No key \"\(key.stringValue)\" in the Hash (keys: \(object.keys.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")))"
                    ))
            }
            return JSONValueDecoder(value: value, parentPath: codingPath, lastKey: key, shared: shared)
        }

        // The common values are read in place; anything else (a missing key, another
        // class, a String for a number) goes through the child decoder, which decides
        // and words the error or conversion as for any other value.

        func decodeNil(forKey key: Key) throws -> Bool {
            if let value = object[key.stringValue] { return value.isNull }
            return try child(key).value.isNull
        }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            if case .bool(let flag)? = object[key.stringValue] { return flag }
            return try child(key).unboxBool()
        }
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            if case .string(let text)? = object[key.stringValue] { return text }
            return try child(key).unboxString()
        }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            switch object[key.stringValue] {
            case .float(let number)?: return number
            case .integer(let integer)?: return integer.doubleValue
            default: return try child(key).unboxDouble()
            }
        }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).unboxFloat() }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

        private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
            if case .integer(let integer)? = object[key.stringValue], let small = integer.int64,
                let result = T(exactly: small)
            {
                return result
            }
            return try child(key).unboxInteger(type)
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).unbox(type) }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try child(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try child(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            JSONValueDecoder(
                value: object["super"] ?? .null, parentPath: codingPath, lastKey: JSONValueEncoder.SuperKey(), shared: shared)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONValueDecoder(value: object[key.stringValue] ?? .null, parentPath: codingPath, lastKey: key, shared: shared)
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let shared: SharedOptions
        let elements: [JSONValue]
        let codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        init(shared: SharedOptions, elements: [JSONValue], codingPath: [any CodingKey]) {
            self.shared = shared
            self.elements = elements
            self.codingPath = codingPath
        }

        private mutating func next<T>(_ type: T.Type) throws -> JSONValueDecoder {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    type,
                    .init(
                        codingPath: codingPath + [JSONIndexKey(currentIndex)],
                        debugDescription: "The Array has only \(elements.count) elements"))
            }
            let child = JSONValueDecoder(
                value: elements[currentIndex], parentPath: codingPath, lastKey: JSONIndexKey(currentIndex), shared: shared)
            currentIndex += 1
            return child
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { return false }
            if elements[currentIndex].isNull {
                currentIndex += 1
                return true
            }
            return false
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type).unboxBool() }
        mutating func decode(_ type: String.Type) throws -> String { try next(type).unboxString() }
        mutating func decode(_ type: Double.Type) throws -> Double { try next(type).unboxDouble() }
        mutating func decode(_ type: Float.Type) throws -> Float { try next(type).unboxFloat() }
        mutating func decode(_ type: Int.Type) throws -> Int { try next(type).unboxInteger(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type).unboxInteger(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type).unboxInteger(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type).unboxInteger(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type).unboxInteger(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type).unboxInteger(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type).unboxInteger(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type).unboxInteger(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type).unboxInteger(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type).unboxInteger(type) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).unbox(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try next(JSONObject.self).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next([JSONValue].self).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { try next(JSONValue.self) }
    }

    struct SingleValueContainer: SingleValueDecodingContainer {
        let decoder: JSONValueDecoder
        let value: JSONValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value.isNull }
        func decode(_ type: Bool.Type) throws -> Bool { try decoder.unboxBool() }
        func decode(_ type: String.Type) throws -> String { try decoder.unboxString() }
        func decode(_ type: Double.Type) throws -> Double { try decoder.unboxDouble() }
        func decode(_ type: Float.Type) throws -> Float { try decoder.unboxFloat() }
        func decode(_ type: Int.Type) throws -> Int { try decoder.unboxInteger(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decoder.unboxInteger(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decoder.unboxInteger(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decoder.unboxInteger(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decoder.unboxInteger(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try decoder.unboxInteger(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.unboxInteger(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.unboxInteger(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.unboxInteger(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.unboxInteger(type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.unbox(type) }
    }
}
