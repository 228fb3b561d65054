import Foundation
import Testing

@testable import HutchConventions

/// A recorded case read with RubyJSON, so integers, floats and key order survive.
struct RecordedCase: CustomStringConvertible, Sendable {
    let path: String
    let root: JSONObject

    var description: String { path.split(separator: "/").suffix(3).joined(separator: "/") }
    var input: JSONObject { root["input"]?.objectValue ?? JSONObject() }
    var expected: JSONObject { root["expected"]?.objectValue ?? JSONObject() }
    var kind: String { root["kind"]?.stringValue ?? "" }

    static let corpusRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ruby-fixtures/recorded")

    /// The paths of every recorded case of these kinds, in every version folder.
    static func paths(kinds: [String]) -> [String] {
        let manager = FileManager.default
        guard let versions = try? manager.contentsOfDirectory(atPath: corpusRoot.path) else { return [] }
        var result: [String] = []
        for version in versions.sorted() where version.hasPrefix("hutch-") {
            for kind in kinds {
                let folder = corpusRoot.appendingPathComponent(version).appendingPathComponent(kind)
                let files = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
                for file in files.sorted() where file.hasSuffix(".json") {
                    result.append(folder.appendingPathComponent(file).path)
                }
            }
        }
        return result
    }

    static func load(_ path: String) throws -> RecordedCase {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let value = try RubyJSON.parse(Array(data))
        return RecordedCase(path: path, root: try need(value.objectValue))
    }
}

enum Recorded {
    /// A typed AMQP value `{"type": T, "value": V}` as a FieldValue.
    static func fieldValue(_ typed: JSONValue) throws -> FieldValue {
        let object = try need(typed.objectValue)
        let type = try need(object["type"]?.stringValue)
        let value = object["value"] ?? .null
        switch type {
        case "t": return .boolean(try need(value.boolValue))
        case "b": return .int8(try need(Int8(exactly: try need(value.int64Value))))
        case "B": return .uint8(try need(UInt8(exactly: try need(value.int64Value))))
        case "s": return .int16(try need(Int16(exactly: try need(value.int64Value))))
        case "u": return .uint16(try need(UInt16(exactly: try need(value.int64Value))))
        case "I": return .int32(try need(Int32(exactly: try need(value.int64Value))))
        case "i": return .uint32(try need(UInt32(exactly: try need(value.int64Value))))
        case "l": return .int64(try need(value.int64Value))
        case "f": return .float32(Float(try number(value)))
        case "d": return .float64(try number(value))
        case "D":
            let decimal = try need(value.objectValue)
            return .decimal(
                scale: try need(UInt8(exactly: try need(decimal["scale"]?.int64Value))),
                value: try need(UInt32(exactly: try need(decimal["value"]?.int64Value))))
        case "S":
            if let text = value.stringValue { return .string(text) }
            return .longString(try base64(try need(value.objectValue?["base64"]?.stringValue)))
        case "x": return .byteArray(try base64(try need(value.stringValue)))
        case "T": return .timestamp(try need(UInt64(exactly: try need(value.int64Value))))
        case "V": return .void
        case "A": return .array(try (try need(value.arrayValue)).map(fieldValue))
        case "F": return .table(try table(value))
        default: throw RecordedError.unknownType(type)
        }
    }

    static func number(_ value: JSONValue) throws -> Double {
        switch value {
        case .integer(let i): return Double(try need(i.int64))
        case .float(let d): return d
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: throw RecordedError.notANumber
        }
    }

    static func base64(_ text: String) throws -> [UInt8] {
        Array(try need(Data(base64Encoded: text)))
    }

    /// A table `[[key, typed], …]` in wire order.
    static func table(_ value: JSONValue) throws -> FieldTable {
        var table = FieldTable()
        for pair in try need(value.arrayValue) {
            let items = try need(pair.arrayValue)
            guard items.count == 2 else { throw RecordedError.notANumber }
            table.append(try need(items[0].stringValue), try fieldValue(items[1]))
        }
        return table
    }

    /// Recorded `properties` as BasicProperties.
    static func properties(_ value: JSONValue) throws -> BasicProperties {
        let object = try need(value.objectValue)
        var properties = BasicProperties()
        for (key, value) in object.pairs {
            switch key {
            case "content_type": properties.contentType = try need(value.stringValue)
            case "content_encoding": properties.contentEncoding = try need(value.stringValue)
            case "headers": properties.headers = try table(value)
            case "delivery_mode": properties.deliveryMode = try need(UInt8(exactly: try need(value.int64Value)))
            case "priority": properties.priority = try need(UInt8(exactly: try need(value.int64Value)))
            case "correlation_id": properties.correlationID = try need(value.stringValue)
            case "reply_to": properties.replyTo = try need(value.stringValue)
            case "expiration": properties.expiration = try need(value.stringValue)
            case "message_id": properties.messageID = try need(value.stringValue)
            case "timestamp": properties.timestamp = try need(UInt64(exactly: try need(value.int64Value)))
            case "type": properties.type = try need(value.stringValue)
            case "user_id": properties.userID = try need(value.stringValue)
            case "app_id": properties.appID = try need(value.stringValue)
            case "cluster_id": properties.clusterID = try need(value.stringValue)
            default: throw RecordedError.unknownProperty(key)
            }
        }
        return properties
    }
}

enum RecordedError: Error {
    case unknownType(String)
    case unknownProperty(String)
    case notANumber
    case missing(String)
}

/// The value, or an error naming the expression's absence.
func need<T>(_ value: T?, _ what: String = #function, line: Int = #line) throws -> T {
    guard let value else { throw RecordedError.missing("\(what):\(line)") }
    return value
}
