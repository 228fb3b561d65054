import Foundation
import HutchConventions

/// Turns the format's typed AMQP values (`{"type": T, "value": V}`), tables
/// (`[[key, typed]]`), properties and frames into the core's model.
struct TypedValueReader: Sendable {
    let file: String

    func fail(_ path: String, expected: String, found value: JSONValue?) -> CaseFileError {
        CaseFileError(file: file, field: path, expected: expected, found: summary(of: value))
    }

    func table(_ value: JSONValue, path: String) throws(CaseFileError) -> FieldTable {
        guard let pairs = value.arrayValue else { throw fail(path, expected: "a table: a list of [key, typed value] pairs", found: value) }
        var table = FieldTable()
        for (index, pair) in pairs.enumerated() {
            let pairPath = "\(path)[\(index)]"
            guard let items = pair.arrayValue, items.count == 2, let key = items[0].stringValue else {
                throw fail(pairPath, expected: "a [key, typed value] pair", found: pair)
            }
            table.append(key, try fieldValue(items[1], path: "\(pairPath).\(key)"))
        }
        return table
    }

    func fieldValue(_ typed: JSONValue, path: String) throws(CaseFileError) -> FieldValue {
        guard let object = typed.objectValue, let type = object["type"]?.stringValue, let value = object["value"] else {
            throw fail(path, expected: "a typed value {\"type\": T, \"value\": V}", found: typed)
        }
        let valuePath = path + ".value"
        func integer<T: FixedWidthInteger>(_: T.Type) throws(CaseFileError) -> T {
            guard case .integer(let number) = value, let exact = T(number.description) else {
                throw fail(valuePath, expected: "an integer that fits type '\(type)'", found: value)
            }
            return exact
        }
        switch type {
        case "t":
            guard let flag = value.boolValue else { throw fail(valuePath, expected: "true or false", found: value) }
            return .boolean(flag)
        case "b": return .int8(try integer(Int8.self))
        case "B": return .uint8(try integer(UInt8.self))
        case "s": return .int16(try integer(Int16.self))
        case "u": return .uint16(try integer(UInt16.self))
        case "I": return .int32(try integer(Int32.self))
        case "i": return .uint32(try integer(UInt32.self))
        case "l": return .int64(try integer(Int64.self))
        case "L": return .uint64(try integer(UInt64.self))
        case "T": return .timestamp(try integer(UInt64.self))
        case "f": return .float32(Float(try floating(value, path: valuePath)))
        case "d": return .float64(try floating(value, path: valuePath))
        case "D":
            guard let parts = value.objectValue, let scale = parts["scale"]?.int64Value.flatMap(UInt8.init(exactly:)),
                let digits = parts["value"]?.int64Value.flatMap(UInt32.init(exactly:))
            else { throw fail(valuePath, expected: "{\"scale\": n, \"value\": n}", found: value) }
            return .decimal(scale: scale, value: digits)
        case "S":
            if let text = value.stringValue { return .string(text) }
            if let encoded = value.objectValue?["base64"]?.stringValue, let bytes = Base64.decode(encoded) {
                return .longString(bytes)
            }
            throw fail(valuePath, expected: "a string or {\"base64\": ...}", found: value)
        case "x":
            guard let encoded = value.stringValue, let bytes = Base64.decode(encoded) else {
                throw fail(valuePath, expected: "a base64 string", found: value)
            }
            return .byteArray(bytes)
        case "V":
            guard value.isNull else { throw fail(valuePath, expected: "null", found: value) }
            return .void
        case "A":
            guard let items = value.arrayValue else { throw fail(valuePath, expected: "a list of typed values", found: value) }
            var values: [FieldValue] = []
            for (index, item) in items.enumerated() { values.append(try fieldValue(item, path: "\(valuePath)[\(index)]")) }
            return .array(values)
        case "F": return .table(try table(value, path: valuePath))
        default:
            throw fail(path + ".type", expected: "an AMQP field type letter (t b B s u I i l f d D S x T V A F)", found: .string(type))
        }
    }

    func floating(_ value: JSONValue, path: String) throws(CaseFileError) -> Double {
        switch value {
        case .float(let number): return number
        case .integer(let number):
            guard let exact = Double(number.description) else { throw fail(path, expected: "a number", found: value) }
            return exact
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: throw fail(path, expected: "a number, \"NaN\", \"Infinity\" or \"-Infinity\"", found: value)
        }
    }

    /// The `properties` object of a recording (only the properties whose flag is set).
    func properties(_ value: JSONValue, path: String) throws(CaseFileError) -> BasicProperties {
        guard let object = value.objectValue else { throw fail(path, expected: "a properties object", found: value) }
        let reader = FieldReader(object, file: file, path: path)
        var properties = BasicProperties()
        for (key, field) in object.pairs {
            let fieldPath = reader.fieldPath(key)
            func text() throws(CaseFileError) -> String {
                guard let text = field.stringValue else { throw fail(fieldPath, expected: "a string", found: field) }
                return text
            }
            func octet() throws(CaseFileError) -> UInt8 {
                guard let number = field.int64Value, let octet = UInt8(exactly: number) else {
                    throw fail(fieldPath, expected: "an integer 0...255", found: field)
                }
                return octet
            }
            switch key {
            case "content_type": properties.contentType = try text()
            case "content_encoding": properties.contentEncoding = try text()
            case "headers": properties.headers = try table(field, path: fieldPath)
            case "delivery_mode": properties.deliveryMode = try octet()
            case "priority": properties.priority = try octet()
            case "correlation_id": properties.correlationID = try text()
            case "reply_to": properties.replyTo = try text()
            case "expiration": properties.expiration = try text()
            case "message_id": properties.messageID = try text()
            case "timestamp":
                guard let number = field.int64Value, let seconds = UInt64(exactly: number) else {
                    throw fail(fieldPath, expected: "a non-negative integer", found: field)
                }
                properties.timestamp = seconds
            case "type": properties.type = try text()
            case "user_id": properties.userID = try text()
            case "app_id": properties.appID = try text()
            case "cluster_id": properties.clusterID = try text()
            default: throw fail(fieldPath, expected: "one of the 14 basic property names", found: .string(key))
            }
        }
        return properties
    }

    /// A `frames` list.
    func frames(_ value: JSONValue, path: String) throws(CaseFileError) -> [RecordedFrame] {
        guard let items = value.arrayValue else { throw fail(path, expected: "a list of frames", found: value) }
        var frames: [RecordedFrame] = []
        for (index, item) in items.enumerated() {
            let framePath = "\(path)[\(index)]"
            guard let object = item.objectValue else { throw fail(framePath, expected: "a frame object", found: item) }
            let reader = FieldReader(object, file: file, path: framePath)
            let type = try reader.int("type")
            guard let kind = RecordedFrame.Kind(rawValue: Int(type)) else {
                throw reader.error("type", expected: "1 (method), 2 (content header) or 3 (body)")
            }
            let hex = try reader.string("payload_hex")
            guard let payload = Self.bytes(hex: hex) else {
                throw reader.error("payload_hex", expected: "an even number of hex digits")
            }
            frames.append(RecordedFrame(kind: kind, channel: Int(try reader.int("channel")), payload: payload))
        }
        return frames
    }

    /// Decodes hex text; `nil` when it is not an even number of hex digits.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
