import Foundation
import HutchConventions

/// What ``CoverageDimension`` reads from one recorded case: its input (and, for
/// outcomes, refusals and bodies, what was recorded).
struct CoverageFacts: Sendable {
    /// The kinds `record.rb` records, in table order.
    static let kinds = [
        "publish", "enqueue", "enqueue_in", "enqueue_at", "delay_level", "queue_name", "topology", "retry", "config", "consume"
    ]
    /// The values of the body dimension.
    static let bodyValues = [
        "object", "array", "string", "integer", "float", "true", "false", "null",
        "not JSON", "invalid UTF-8", "empty", "large (multi-frame)"
    ]
    /// A body larger than one frame of the 131,072-byte `frame_max` bunny negotiates.
    static let singleFrameBodyLimit = 131_072 - 8

    var scheduleLoaded: Bool
    var scheduleConnect: Bool?
    var serializer: String?
    var enqueue: String?
    var attempts: String?
    var handler: String?
    var deliveredVia: String?
    var errorHandlers: String?
    var body: [String] = []
    var xDeath: String?
    var outcome: String?
    var queueDeclaration: [String] = []
    var broker: String?
    var expectedHasNull: Bool

    init(_ recorded: RecordedCase) {
        let input = recorded.input
        let expected = recorded.expected
        let kind = recorded.kind
        // record.rb's rule: the schedule kinds need hutch-schedule, queue_name and
        // config go without it, the others load it unless the input says otherwise.
        let kindDefault = !["queue_name", "config"].contains(kind)
        scheduleLoaded = input["hutch_schedule_loaded"]?.boolValue ?? kindDefault
        expectedHasNull = Self.containsNull(.object(expected))
        let consumer = input["consumer"]?.objectValue
        if ["enqueue", "enqueue_in", "enqueue_at", "retry", "consume"].contains(kind), let consumer {
            attempts = Self.attempts(consumer["attempts"])
        }
        switch kind {
        case "publish":
            serializer = input["options"]?.objectValue?["serializer"]?.stringValue ?? "json"
            body = Self.body(Self.bytes(expected["body_base64"]))
        case "enqueue", "enqueue_in", "enqueue_at":
            body = Self.body(Self.bytes(expected["body_base64"]))
        case "retry":
            body = Self.body(Self.bytes(input["body_base64"]))
            let raised = [expected["error_class"], expected["failure_count_error"]].contains { $0?.stringValue != nil }
            xDeath = raised ? "MaxRetry raises" : (Self.hasXDeath(typed: input["headers"]) ? "counted" : "none")
        case "topology":
            scheduleConnect = input["schedule"]?.boolValue ?? false
            queueDeclaration = Self.declaration(input["consumers"]?.arrayValue ?? [])
            broker = expected["server_close"] == nil ? "accepts" : "refuses (channel.close)"
        case "consume":
            consumeFacts(input: input, expected: expected, consumer: consumer ?? JSONObject())
        default:
            break
        }
    }

    private mutating func consumeFacts(input: JSONObject, expected: JSONObject, consumer: JSONObject) {
        scheduleConnect = input["schedule"]?.boolValue ?? false
        serializer = consumer["serializer"]?.stringValue ?? "json"
        enqueue = !scheduleLoaded ? "not defined" : (consumer["includes_enqueue"]?.boolValue == false ? "left out" : "included")
        let calls = consumer["calls"]?.stringValue
        let raises = consumer["raises"]?.stringValue != nil
        switch (calls, raises) {
        case (nil, false): handler = "returns"
        case (nil, true): handler = "raises"
        case (let call?, false): handler = call
        case (let call?, true): handler = "\(call) then raise"
        }
        deliveredVia = input["delivered_via"]?.stringValue
        let handlers = input["config"]?.objectValue?["error_handlers"]?.arrayValue ?? []
        errorHandlers = handlers.contains { $0.stringValue?.hasSuffix("MaxRetry") == true } ? "with MaxRetry" : "default"
        outcome = expected["outcome"]?.stringValue
        broker = expected["server_close"] == nil ? "accepts" : "refuses (channel.close)"
        let delivery = expected["delivery"]?.objectValue
        if let recordedBody = Self.bytes(delivery?["body_base64"]) {
            body = Self.body(recordedBody)
        } else if let raw = input["raw"]?.objectValue {
            body = Self.body(Self.bytes(raw["body_base64"]))
        }
        let headers = delivery?["properties"]?.objectValue?["headers"]
        if Self.hasXDeath(typed: headers) {
            xDeath = expected["failure_count"]?.isNull ?? true ? "MaxRetry raises" : "counted"
        } else {
            xDeath = "none"
        }
    }

    static func attempts(_ value: JSONValue?) -> String {
        guard let value, let count = value.int64Value else { return "none" }
        return count > 1 ? "n" : String(count)
    }

    static func bytes(_ value: JSONValue?) -> [UInt8]? {
        guard let text = value?.stringValue, let data = Data(base64Encoded: text) else { return nil }
        return [UInt8](data)
    }

    /// The body's values: what `JSON.parse` makes of it, plus "large" past one frame.
    static func body(_ bytes: [UInt8]?) -> [String] {
        guard let bytes else { return [] }
        var values: [String]
        if bytes.isEmpty {
            values = ["empty"]
        } else if String(validating: bytes, as: UTF8.self) == nil {
            values = ["invalid UTF-8"]
        } else if let value = try? RubyJSON.parse(bytes) {
            values = [jsonType(value)]
        } else {
            values = ["not JSON"]
        }
        if bytes.count > singleFrameBodyLimit { values.append("large (multi-frame)") }
        return values
    }

    static func jsonType(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .integer: "integer"
        case .float: "float"
        case .string, .binaryString: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Whether a typed header table (`[[key, {type, value}], ...]`) has `x-death`.
    static func hasXDeath(typed headers: JSONValue?) -> Bool {
        (headers?.arrayValue ?? []).contains { $0.arrayValue?.first?.stringValue == "x-death" }
    }

    static func declaration(_ consumers: [JSONValue]) -> [String] {
        var values: [String] = []
        let specs = consumers.compactMap(\.objectValue)
        if specs.contains(where: { !($0["arguments"]?.objectValue?.isEmpty ?? true) }) { values.append("arguments") }
        for flag in ["lazy_queue", "classic_queue"] where specs.contains(where: { $0[flag]?.boolValue == true }) { values.append(flag) }
        if specs.contains(where: { $0["quorum_queue"]?.objectValue != nil }) { values.append("quorum_queue") }
        if specs.contains(where: { $0["queue_options"] != nil }) { values.append("queue_options") }
        if values.isEmpty { values.append("defaults") }
        if specs.count > 1 { values.append("several consumers") }
        return values
    }

    static func containsNull(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .array(let items): items.contains(where: containsNull)
        case .object(let object): object.values.contains(where: containsNull)
        default: false
        }
    }
}
