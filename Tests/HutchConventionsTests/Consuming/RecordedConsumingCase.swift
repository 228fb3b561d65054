import Foundation
import HutchConventions
import Testing

/// One recorded `consume` or `retry` case from `ruby-fixtures/recorded/hutch-*/`,
/// read with the package's own Ruby JSON reader (key order and number types kept).
struct RecordedConsumingCase: Sendable, CustomTestStringConvertible {
    let corpus: String
    let id: String
    let file: JSONObject

    var testDescription: String { "\(corpus)/\(id)" }

    var input: JSONObject { file["input"]?.objectValue ?? JSONObject() }
    var expected: JSONObject { file["expected"]?.objectValue ?? JSONObject() }

    var profile: VersionProfile {
        let hutch = file["recorded_with"]?.objectValue?["hutch"]?.stringValue.flatMap(GemVersion.init) ?? GemVersion(1, 3, 1)
        let loaded = input["hutch_schedule_loaded"]?.boolValue ?? true
        return VersionProfile(hutch: hutch, hutchScheduleLoaded: loaded)
    }

    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ruby-fixtures/recorded")

    static func load(kind: String) -> [RecordedConsumingCase] {
        let fm = FileManager.default
        let corpora = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix("hutch-") }.sorted()
        var cases: [RecordedConsumingCase] = []
        for corpus in corpora {
            let folder = root.appendingPathComponent(corpus).appendingPathComponent(kind)
            let files = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            for name in files {
                guard let data = fm.contents(atPath: folder.appendingPathComponent(name).path),
                    let object = (try? RubyJSON.parse(Array(data)))?.objectValue
                else { continue }
                cases.append(RecordedConsumingCase(corpus: corpus, id: object["id"]?.stringValue ?? name, file: object))
            }
        }
        return cases
    }
}

/// Reads the corpus's typed AMQP values, tables and properties into the model.
enum Typed {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func base64(_ text: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else { throw Malformed(description: "bad base64 \(text)") }
        return Array(data)
    }

    static func integer(_ value: JSONValue?) throws -> Int64 {
        guard let int = value?.int64Value else { throw Malformed(description: "not an integer: \(String(describing: value))") }
        return int
    }

    static func double(_ value: JSONValue?) throws -> Double {
        switch value {
        case .integer(let i)?: return Double(i.description) ?? 0
        case .float(let d)?: return d
        case .string("NaN")?: return .nan
        case .string("Infinity")?: return .infinity
        case .string("-Infinity")?: return -.infinity
        default: throw Malformed(description: "not a number: \(String(describing: value))")
        }
    }

    static func value(_ json: JSONValue) throws -> FieldValue {
        guard let object = json.objectValue, let type = object["type"]?.stringValue else {
            throw Malformed(description: "not a typed value: \(json)")
        }
        let v = object["value"]
        func exact<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard let result = T(exactly: try integer(v)) else { throw Malformed(description: "out of range \(String(describing: v))") }
            return result
        }
        switch type {
        case "t": return .boolean(v?.boolValue ?? false)
        case "b": return .int8(try exact(Int8.self))
        case "B": return .uint8(try exact(UInt8.self))
        case "s": return .int16(try exact(Int16.self))
        case "u": return .uint16(try exact(UInt16.self))
        case "I": return .int32(try exact(Int32.self))
        case "i": return .uint32(try exact(UInt32.self))
        case "l": return .int64(try integer(v))
        case "f": return .float32(Float(try double(v)))
        case "d": return .float64(try double(v))
        case "D":
            let d = v?.objectValue
            return .decimal(scale: UInt8(try integer(d?["scale"])), value: UInt32(try integer(d?["value"])))
        case "S":
            if let text = v?.stringValue { return .string(text) }
            if let b64 = v?.objectValue?["base64"]?.stringValue { return .longString(try base64(b64)) }
            throw Malformed(description: "bad S \(String(describing: v))")
        case "x": return .byteArray(try base64(v?.stringValue ?? ""))
        case "T": return .timestamp(UInt64(try integer(v)))
        case "V": return .void
        case "A": return .array(try (v?.arrayValue ?? []).map(value))
        case "F": return .table(try table(v ?? .array([])))
        default: throw Malformed(description: "unknown type \(type)")
        }
    }

    static func table(_ json: JSONValue) throws -> FieldTable {
        guard let pairs = json.arrayValue else { throw Malformed(description: "not a table: \(json)") }
        var table = FieldTable()
        for pair in pairs {
            guard let items = pair.arrayValue, items.count == 2, let key = items[0].stringValue else {
                throw Malformed(description: "bad pair \(pair)")
            }
            table.append(key, try value(items[1]))
        }
        return table
    }

    static func properties(_ json: JSONObject) throws -> BasicProperties {
        var p = BasicProperties()
        p.contentType = json["content_type"]?.stringValue
        p.contentEncoding = json["content_encoding"]?.stringValue
        if let headers = json["headers"], !headers.isNull { p.headers = try table(headers) }
        if let mode = json["delivery_mode"]?.int64Value { p.deliveryMode = UInt8(exactly: mode) }
        if let priority = json["priority"]?.int64Value { p.priority = UInt8(exactly: priority) }
        p.correlationID = json["correlation_id"]?.stringValue
        p.replyTo = json["reply_to"]?.stringValue
        p.expiration = json["expiration"]?.stringValue
        p.messageID = json["message_id"]?.stringValue
        if let timestamp = json["timestamp"]?.int64Value { p.timestamp = UInt64(exactly: timestamp) }
        p.type = json["type"]?.stringValue
        p.userID = json["user_id"]?.stringValue
        p.appID = json["app_id"]?.stringValue
        p.clusterID = json["cluster_id"]?.stringValue
        return p
    }

    static func delivery(_ json: JSONObject) throws -> Delivery {
        let deliver = BasicDeliver(
            consumerTag: json["consumer_tag"]?.stringValue ?? "",
            deliveryTag: UInt64(try integer(json["delivery_tag"])),
            redelivered: json["redelivered"]?.boolValue ?? false,
            exchange: json["exchange"]?.stringValue ?? "",
            routingKey: json["routing_key"]?.stringValue ?? "")
        return Delivery(
            deliver: deliver, properties: try properties(json["properties"]?.objectValue ?? JSONObject()),
            body: try base64(json["body_base64"]?.stringValue ?? ""))
    }

    static func consumer(_ json: JSONObject) -> ConsumerDefinition {
        ConsumerDefinition(
            className: json["class_name"]?.stringValue ?? "Consumer",
            routingKeys: (json["routing_keys"]?.arrayValue ?? []).compactMap(\.stringValue),
            attempts: Int(json["attempts"]?.int64Value ?? 0),
            serializer: json["serializer"]?.stringValue.flatMap(Serializer.init(rawValue:)))
    }

    /// An acknowledgement frame as the corpus writes it.
    static func json(_ ack: Acknowledgement) -> JSONValue {
        var object = JSONObject()
        object["method"] = .string(ack.methodName)
        object["delivery_tag"] = .int(Int64(ack.deliveryTag))
        if let multiple = ack.multiple { object["multiple"] = .bool(multiple) }
        if let requeue = ack.requeue { object["requeue"] = .bool(requeue) }
        return .object(object)
    }

    /// A `channel.close` as the corpus writes it.
    static func json(_ close: Close) -> JSONValue {
        [
            "method": "channel.close", "reply_code": .int(Int64(close.replyCode)), "reply_text": .string(close.replyText),
            "class_id": .int(Int64(close.classID)), "method_id": .int(Int64(close.methodID)),
        ]
    }

    static func numeric(_ json: JSONValue?) -> RubyNumeric? {
        switch json {
        case .integer(let i)?: .integer(i)
        case .float(let d)?: .float(d)
        default: nil
        }
    }
}
