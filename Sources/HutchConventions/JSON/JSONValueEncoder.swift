#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `Encoder` behind ``RubyJSONEncoder``: builds a ``JSONValue`` tree.
final class JSONValueEncoder: Encoder {
    /// A value under construction; containers share it by reference.
    final class Node {
        enum Content {
            case empty
            case value(JSONValue)
            case array([Node])
            case object(keys: [String], nodes: [String: Node])
        }

        var content: Content = .empty

        func finish() -> JSONValue {
            switch content {
            case .empty: return .object(JSONObject())
            case .value(let value): return value
            case .array(let nodes): return .array(nodes.map { $0.finish() })
            case .object(let keys, let nodes):
                var object = JSONObject(minimumCapacity: keys.count)
                for key in keys {
                    if let node = nodes[key] { object.appendNew(key, node.finish()) }
                }
                return .object(object)
            }
        }

        func child(forKey key: String) -> Node {
            let node = Node()
            switch content {
            case .object(var keys, var nodes):
                content = .empty
                if nodes[key] == nil { keys.append(key) }
                nodes[key] = node
                content = .object(keys: keys, nodes: nodes)
            default:
                content = .object(keys: [key], nodes: [key: node])
            }
            return node
        }

        func appendChild() -> Node {
            let node = Node()
            switch content {
            case .array(var nodes):
                content = .empty
                nodes.append(node)
                content = .array(nodes)
            default:
                content = .array([node])
            }
            return node
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
        if case .object = node.content {} else { node.content = .object(keys: [], nodes: [:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedContainer(encoder: self, node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self, node: node, codingPath: codingPath)
    }

    // MARK: Boxing

    func box(_ value: some Encodable, at path: [any CodingKey]? = nil) throws -> JSONValue {
        let path = path ?? codingPath
        switch value {
        case let json as JSONValue: return json
        case let object as JSONObject: return .object(object)
        case let integer as JSONInteger: return .integer(integer)
        case let double as Double: return try box(double, at: path)
        case let float as Float: return try box(float, at: path)
        case let date as Date: return try box(date, at: path)
        case let data as Data: return try box(data, at: path)
        case let decimal as Decimal: return try box(decimal, at: path)
        case let url as URL: return .string(url.absoluteString)
        default:
            let encoder = JSONValueEncoder(options: options, codingPath: path)
            try value.encode(to: encoder)
            return encoder.node.finish()
        }
    }

    func box(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: path,
                    debugDescription:
                        "\(RubyFloatFormat.string(value)) not allowed in JSON (Ruby's json gem raises JSON::GeneratorError)"))
        }
        return .float(value)
    }

    func box(_ value: Float, at path: [any CodingKey]) throws -> JSONValue {
        switch options.floatStrategy {
        case .exact: return try box(Double(value), at: path)
        case .shortestDecimal:
            guard value.isFinite else { return try box(Double(value), at: path) }
            return try box(Double(value.description) ?? Double(value), at: path)
        }
    }

    func box(_ value: Date, at path: [any CodingKey]) throws -> JSONValue {
        switch options.dateStrategy {
        case .rubyTimeToS: return .string(RubyTimeText.timeToS(value, utcOffsetSeconds: nil))
        case .rubyLocalTimeToS(let offset): return .string(RubyTimeText.timeToS(value, utcOffsetSeconds: offset))
        case .activeSupportISO8601: return .string(RubyTimeText.activeSupport(value))
        case .secondsSince1970: return try box(value.timeIntervalSince1970, at: path)
        case .custom(let closure):
            let encoder = JSONValueEncoder(options: options, codingPath: path)
            try closure(value, encoder)
            return encoder.node.finish()
        }
    }

    func box(_ value: Data, at path: [any CodingKey]) throws -> JSONValue {
        switch options.dataStrategy {
        case .base64: return .string(value.base64EncodedString())
        case .byteArray: return .array(value.map { .integer(JSONInteger(Int64($0))) })
        case .custom(let closure):
            let encoder = JSONValueEncoder(options: options, codingPath: path)
            try closure(value, encoder)
            return encoder.node.finish()
        }
    }

    func box(_ value: Decimal, at path: [any CodingKey]) throws -> JSONValue {
        switch options.decimalStrategy {
        case .reject:
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: path,
                    debugDescription:
                        "Decimal has no exact Ruby JSON form (BigDecimal#to_json is a String); choose RubyJSONEncoder.decimalStrategy"
                ))
        case .float: return try box(Double(value.description) ?? .nan, at: path)
        case .string: return .string(value.description)
        }
    }

    static func integer(_ value: some BinaryInteger) -> JSONValue { .integer(JSONInteger(value)) }
}

/// A coding key for array positions in coding paths.
struct IndexKey: CodingKey {
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

        private func set(_ value: JSONValue, _ key: Key) { node.child(forKey: key.stringValue).content = .value(value) }

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
            let child = node.child(forKey: key.stringValue)
            child.content = .object(keys: [], nodes: [:])
            return KeyedEncodingContainer(
                KeyedContainer<NestedKey>(encoder: encoder, node: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = node.child(forKey: key.stringValue)
            child.content = .array([])
            return UnkeyedContainer(encoder: encoder, node: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            JSONValueEncoder(
                options: encoder.options, codingPath: codingPath + [SuperKey()], node: node.child(forKey: "super"))
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            JSONValueEncoder(options: encoder.options, codingPath: codingPath + [key], node: node.child(forKey: key.stringValue))
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
        var count: Int {
            if case .array(let nodes) = node.content { return nodes.count }
            return 0
        }

        private func append(_ value: JSONValue) { node.appendChild().content = .value(value) }
        private var nextPath: [any CodingKey] { codingPath + [IndexKey(count)] }

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
            let child = node.appendChild()
            child.content = .object(keys: [], nodes: [:])
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder, node: child, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let path = nextPath
            let child = node.appendChild()
            child.content = .array([])
            return UnkeyedContainer(encoder: encoder, node: child, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let path = nextPath
            return JSONValueEncoder(options: encoder.options, codingPath: path, node: node.appendChild())
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
