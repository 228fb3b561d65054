#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `Encoder` behind ``RubyJSONEncoder``: builds a ``JSONValue`` tree.
final class JSONValueEncoder: Encoder {
    /// A value under construction; containers share it by reference. Finished
    /// values are stored directly; only nested containers get a node of their own.
    final class Node {
        enum Slot {
            case value(JSONValue)
            case node(Node)

            func finish() -> JSONValue {
                switch self {
                case .value(let value): value
                case .node(let node): node.finish()
                }
            }
        }

        enum Content {
            case empty
            case value(JSONValue)
            case array([Slot])
            case object(keys: [String], slots: [Slot])

            /// Room for a typical body's keys or elements up front: growing an array
            /// from empty reallocates it at 1, 2, 4 and 8 elements.
            static let initialCapacity = 8

            static var emptyObject: Content {
                var keys: [String] = []
                keys.reserveCapacity(initialCapacity)
                var slots: [Slot] = []
                slots.reserveCapacity(initialCapacity)
                return .object(keys: keys, slots: slots)
            }

            static var emptyArray: Content {
                var slots: [Slot] = []
                slots.reserveCapacity(initialCapacity)
                return .array(slots)
            }
        }

        var content: Content = .empty
        /// Key positions, once an object has more than `JSONObject.indexThreshold` keys.
        private var index: [String: Int]?

        func finish() -> JSONValue {
            switch content {
            case .empty: return .object(JSONObject())
            case .value(let value): return value
            case .array(let slots): return .array(slots.map { $0.finish() })
            case .object(let keys, let slots):
                var object = JSONObject(minimumCapacity: keys.count)
                for (key, slot) in zip(keys, slots) { object.appendNew(key, slot.finish()) }
                return .object(object)
            }
        }

        /// Sets `key` like `Hash#[]=`: an existing key keeps its position.
        func set(_ slot: Slot, forKey key: String) {
            if case .object = content {} else { content = .emptyObject }
            guard case .object(var keys, var slots) = content else { return }
            content = .empty
            let position: Int?
            if let index {
                position = index[key]
            } else {
                position = keys.firstIndex(of: key)
            }
            if let position {
                slots[position] = slot
            } else {
                keys.append(key)
                slots.append(slot)
                if index != nil {
                    index?[key] = keys.count - 1
                } else if keys.count > JSONObject.indexThreshold {
                    var built: [String: Int] = [:]
                    for (offset, existing) in keys.enumerated() { built[existing] = offset }
                    index = built
                }
            }
            content = .object(keys: keys, slots: slots)
        }

        func append(_ slot: Slot) {
            if case .array = content {} else { content = .emptyArray }
            guard case .array(var slots) = content else { return }
            content = .empty
            slots.append(slot)
            content = .array(slots)
        }

        var arrayCount: Int {
            if case .array(let slots) = content { return slots.count }
            return 0
        }
    }

    let options: RubyJSONEncoder
    let codingPath: [any CodingKey]
    let node: Node
    var userInfo: [CodingUserInfoKey: Any] { options.userInfo }

    init(options: RubyJSONEncoder, codingPath: [any CodingKey], node: Node = Node()) {
        self.options = options
        self.codingPath = codingPath
        self.node = node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .emptyObject }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .emptyArray }
        return UnkeyedContainer(encoder: self, node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self, node: node, codingPath: codingPath)
    }

    // MARK: Boxing

    func box(_ value: some Encodable) throws -> JSONValue { try box(value, at: codingPath) }

    /// The path is only built when needed (nested values and errors).
    func box(_ value: some Encodable, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        // Type comparisons, not `as?` casts: a failed dynamic cast costs hundreds of
        // instructions, and most values are none of these types.
        if let json = Self.exactly(value, JSONValue.self) { return json }
        if let object = Self.exactly(value, JSONObject.self) { return .object(object) }
        if let integer = Self.exactly(value, JSONInteger.self) { return .integer(integer) }
        if let double = Self.exactly(value, Double.self) { return try box(double, at: path()) }
        if let float = Self.exactly(value, Float.self) { return try box(float, at: path()) }
        if let date = Self.exactly(value, Date.self) { return try box(date, at: path()) }
        if let data = Self.exactly(value, Data.self) { return try box(data, at: path()) }
        if let decimal = Self.exactly(value, Decimal.self) { return try box(decimal, at: path()) }
        if let url = Self.exactly(value, URL.self) { return .string(url.absoluteString) }
        let encoder = JSONValueEncoder(options: options, codingPath: path())
        try value.encode(to: encoder)
        return encoder.node.finish()
    }

    /// `value` as `Target` when its type is `Target` itself. (An optional holding a
    /// `Target` is not: it encodes itself and its wrapped value comes back here.)
    @inline(__always)
    private static func exactly<Value, Target>(_ value: Value, _ target: Target.Type) -> Target? {
        Value.self == Target.self ? value as? Target : nil
    }

    func box(_ value: Double, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: path(),
                    debugDescription:
                        "\(RubyFloatFormat.string(value)) not allowed in JSON (Ruby's json gem raises JSON::GeneratorError)"))
        }
        return .float(value)
    }

    func box(_ value: Float, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        switch options.floatStrategy {
        case .exact: return try box(Double(value), at: path())
        case .shortestDecimal:
            guard value.isFinite else { return try box(Double(value), at: path()) }
            return try box(Double(value.description) ?? Double(value), at: path())
        }
    }

    func box(_ value: Date, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        switch options.dateStrategy {
        case .rubyTimeToS: return .string(RubyTimeText.timeToS(value, utcOffsetSeconds: nil))
        case .rubyLocalTimeToS(let offset): return .string(RubyTimeText.timeToS(value, utcOffsetSeconds: offset))
        case .activeSupportISO8601: return .string(RubyTimeText.activeSupport(value))
        case .secondsSince1970: return try box(value.timeIntervalSince1970, at: path())
        case .custom(let closure):
            let encoder = JSONValueEncoder(options: options, codingPath: path())
            try closure(value, encoder)
            return encoder.node.finish()
        }
    }

    func box(_ value: Data, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        switch options.dataStrategy {
        case .base64: return .string(value.base64EncodedString())
        case .byteArray: return .array(value.map { .integer(JSONInteger(Int64($0))) })
        case .custom(let closure):
            let encoder = JSONValueEncoder(options: options, codingPath: path())
            try closure(value, encoder)
            return encoder.node.finish()
        }
    }

    func box(_ value: Decimal, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        switch options.decimalStrategy {
        case .reject:
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: path(),
                    debugDescription:
                        "Decimal has no exact Ruby JSON form (BigDecimal#to_json is a String); choose RubyJSONEncoder.decimalStrategy"
                ))
        case .float: return try box(Double(value.description) ?? .nan, at: path())
        case .string: return .string(value.description)
        }
    }

    static func integer(_ value: some BinaryInteger) -> JSONValue { .integer(JSONInteger(value)) }

    /// The Hash key for a coding key (``RubyJSONEncoder/keyStrategy``).
    func rubyKey(_ key: some CodingKey) -> String { options.keyStrategy.rubyKey(key.stringValue) }
}

/// A coding key for array positions in coding paths.
struct JSONIndexKey: CodingKey {
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
}

extension JSONValueEncoder {
    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: JSONValueEncoder
        let node: Node
        let codingPath: [any CodingKey]

        private func set(_ value: JSONValue, _ key: Key) { node.set(.value(value), forKey: encoder.rubyKey(key)) }

        mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            set(try encoder.box(value, at: codingPath + [key]), key)
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            set(try encoder.box(value, at: codingPath + [key]), key)
        }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(JSONValueEncoder.integer(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            set(try encoder.box(value, at: codingPath + [key]), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            child.content = .emptyObject
            node.set(.node(child), forKey: encoder.rubyKey(key))
            return KeyedEncodingContainer(
                KeyedContainer<NestedKey>(encoder: encoder, node: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Node()
            child.content = .emptyArray
            node.set(.node(child), forKey: encoder.rubyKey(key))
            return UnkeyedContainer(encoder: encoder, node: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            let child = Node()
            node.set(.node(child), forKey: "super")
            return JSONValueEncoder(options: encoder.options, codingPath: codingPath + [SuperKey()], node: child)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Node()
            node.set(.node(child), forKey: encoder.rubyKey(key))
            return JSONValueEncoder(options: encoder.options, codingPath: codingPath + [key], node: child)
        }
    }

    struct SuperKey: CodingKey {
        var stringValue: String { "super" }
        var intValue: Int? { nil }
        init() {}
        init?(stringValue: String) {}
        init?(intValue: Int) { nil }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: JSONValueEncoder
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int { node.arrayCount }

        private func append(_ value: JSONValue) { node.append(.value(value)) }
        private func appendNode() -> Node {
            let child = Node()
            node.append(.node(child))
            return child
        }
        private var nextPath: [any CodingKey] { codingPath + [JSONIndexKey(count)] }

        mutating func encodeNil() throws { append(.null) }
        mutating func encode(_ value: Bool) throws { append(.bool(value)) }
        mutating func encode(_ value: String) throws { append(.string(value)) }
        mutating func encode(_ value: Double) throws { append(try encoder.box(value, at: nextPath)) }
        mutating func encode(_ value: Float) throws { append(try encoder.box(value, at: nextPath)) }
        mutating func encode(_ value: Int) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: Int8) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: Int16) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: Int32) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: Int64) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt8) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt16) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt32) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt64) throws { append(JSONValueEncoder.integer(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { append(try encoder.box(value, at: nextPath)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            let path = nextPath
            let child = appendNode()
            child.content = .emptyObject
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder, node: child, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let path = nextPath
            let child = appendNode()
            child.content = .emptyArray
            return UnkeyedContainer(encoder: encoder, node: child, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let path = nextPath
            return JSONValueEncoder(options: encoder.options, codingPath: path, node: appendNode())
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: JSONValueEncoder
        let node: Node
        let codingPath: [any CodingKey]

        private func set(_ value: JSONValue) { node.content = .value(value) }

        mutating func encodeNil() throws { set(.null) }
        mutating func encode(_ value: Bool) throws { set(.bool(value)) }
        mutating func encode(_ value: String) throws { set(.string(value)) }
        mutating func encode(_ value: Double) throws { set(try encoder.box(value, at: codingPath)) }
        mutating func encode(_ value: Float) throws { set(try encoder.box(value, at: codingPath)) }
        mutating func encode(_ value: Int) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: Int8) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: Int16) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: Int32) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: Int64) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt8) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt16) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt32) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode(_ value: UInt64) throws { set(JSONValueEncoder.integer(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { set(try encoder.box(value, at: codingPath)) }
    }
}
