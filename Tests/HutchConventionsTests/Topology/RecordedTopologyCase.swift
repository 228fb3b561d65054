import Foundation
import Testing

@testable import HutchConventions

/// Test helper: reads recorded corpus files with JSONSerialization and turns their
/// inputs and expected declarations into the package's values.
enum RecordedCorpus {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `<repo>/ruby-fixtures/recorded`, found from this file's path.
    static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("ruby-fixtures/recorded")
    }

    /// Relative paths (`hutch-1.3.1/topology/lazy-queue.json`) of every file of `kind`.
    static func files(kind: String) -> [String] {
        let fm = FileManager.default
        let versions = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix("hutch-") }
        var result: [String] = []
        for version in versions.sorted() {
            let dir = root.appendingPathComponent(version).appendingPathComponent(kind)
            let names = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            result += names.filter { $0.hasSuffix(".json") }.sorted().map { "\(version)/\(kind)/\($0)" }
        }
        return result
    }

    static func load(_ relativePath: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent(relativePath))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "\(relativePath): not an object")
        }
        return object
    }

    /// The Hutch version and hutch-schedule flag of a case.
    static func profile(_ file: [String: Any]) throws -> VersionProfile {
        let recorded = file["recorded_with"] as? [String: Any]
        guard let text = recorded?["hutch"] as? String, let version = GemVersion(text) else {
            throw Failure(description: "no recorded_with.hutch")
        }
        let input = file["input"] as? [String: Any]
        return VersionProfile(hutch: version, hutchScheduleLoaded: input?["hutch_schedule_loaded"] as? Bool ?? false)
    }

    // MARK: JSONSerialization → JSONValue

    static func jsonValue(_ any: Any?) throws -> JSONValue {
        switch any {
        case nil, is NSNull: return .null
        case let string as String: return .string(string)
        case let number as NSNumber:
            let type = String(cString: number.objCType)
            if type == "c" || type == "B" {
                return .bool(number.boolValue)
            }
            if type == "d" || type == "f" { return .float(number.doubleValue) }
            return .int(number.int64Value)
        case let array as [Any]: return .array(try array.map(jsonValue))
        case let dict as [String: Any]:
            // JSONSerialization does not keep key order: keys are sorted here. Argument
            // tables, where order is on the wire, use `argumentKeyOrders` instead.
            return .object(JSONObject(try dict.keys.sorted().map { ($0, try jsonValue(dict[$0])) }))
        default: throw Failure(description: "unexpected JSON value \(String(describing: any))")
        }
    }

    // MARK: Inputs

    static func config(_ input: [String: Any], profile: VersionProfile) throws -> TopologyConfig {
        var config = TopologyConfig.defaults(for: profile)
        let raw = input["config"] as? [String: Any] ?? [:]
        if let exchange = raw["mq_exchange"] as? String { config.mqExchange = exchange }
        if let type = raw["mq_exchange_type"] as? String { config.mqExchangeType = type }
        if raw.keys.contains("namespace") { config.namespace = raw["namespace"] as? String }
        if raw.keys.contains("channel_prefetch") {
            config.channelPrefetch = (raw["channel_prefetch"] as? NSNumber)?.intValue
        }
        if let prefix = raw["consumer_tag_prefix"] as? String { config.consumerTagPrefix = prefix }
        if let options = raw["mq_exchange_options"] {
            guard case .object(let object) = try jsonValue(options) else { throw Failure(description: "options") }
            config.mqExchangeOptions = object
        }
        return config
    }

    /// A consumer from the recorded input. `orderedArguments` gives the key order of the
    /// `arguments` object as written in the file (JSONSerialization loses it).
    static func consumer(_ raw: [String: Any], orderedArgumentKeys: [String]) throws -> ConsumerDefinition {
        guard let className = raw["class_name"] as? String else { throw Failure(description: "class_name") }
        let argumentsRaw = raw["arguments"] as? [String: Any] ?? [:]
        let keys = orderedArgumentKeys.filter { argumentsRaw[$0] != nil }
        guard keys.count == argumentsRaw.count else { throw Failure(description: "argument order for \(className)") }
        let arguments = JSONObject(try keys.map { ($0, try jsonValue(argumentsRaw[$0])) })
        var quorum: ConsumerDefinition.QuorumQueue?
        if let q = raw["quorum_queue"] as? [String: Any] {
            quorum = .init(initialGroupSize: (q["initial_group_size"] as? NSNumber)?.intValue)
        }
        var queueOptions: JSONObject?
        if let options = raw["queue_options"] as? [String: Any] {
            queueOptions = try jsonValue(options).objectValue
        }
        return ConsumerDefinition(
            className: className, routingKeys: raw["routing_keys"] as? [String] ?? [],
            queueName: raw["queue_name"] as? String, arguments: arguments,
            lazyQueue: raw["lazy_queue"] as? Bool ?? false, classicQueue: raw["classic_queue"] as? Bool ?? false,
            quorumQueue: quorum, queueOptions: queueOptions,
            withoutNamespace: raw["without_namespace"] as? Bool ?? false,
            argumentSymbolKeys: Set(raw["argument_symbol_keys"] as? [String] ?? []))
    }

    /// The keys of every `"arguments": {...}` object in the file's input, in text order,
    /// one list per consumer (a tiny scan: the recorded argument keys hold no quotes).
    static func argumentKeyOrders(_ relativePath: String) throws -> [[String]] {
        let text = try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
        guard let inputStart = text.range(of: "\"input\"")?.upperBound,
            let expectedStart = text.range(of: "\"expected\"")?.lowerBound, inputStart < expectedStart
        else { return [] }
        var region = text[inputStart..<expectedStart]
        var orders: [[String]] = []
        while let found = region.range(of: "\"arguments\":") {
            region = region[found.upperBound...]
            guard let open = region.firstIndex(of: "{") else { break }
            var depth = 0
            var index = open
            var keys: [String] = []
            var expectKey = true
            while index < region.endIndex {
                let ch = region[index]
                if ch == "{" { depth += 1; expectKey = true }
                else if ch == "}" { depth -= 1; if depth == 0 { break } }
                else if ch == "," { expectKey = true }
                else if ch == "\"" {
                    let start = region.index(after: index)
                    guard let end = region[start...].firstIndex(of: "\"") else { break }
                    if depth == 1 && expectKey { keys.append(String(region[start..<end])); expectKey = false }
                    else if depth == 1 { expectKey = false }
                    index = end
                } else if ch == ":" { expectKey = false }
                index = region.index(after: index)
            }
            orders.append(keys)
            region = region[index...]
        }
        return orders
    }

    // MARK: Expected declarations → AMQPMethod

    static func typedValue(_ raw: Any?) throws -> FieldValue {
        guard let object = raw as? [String: Any], let type = object["type"] as? String else {
            throw Failure(description: "typed value \(String(describing: raw))")
        }
        let value = object["value"]
        func int() throws -> Int64 {
            guard let n = value as? NSNumber else { throw Failure(description: "integer \(String(describing: value))") }
            return n.int64Value
        }
        func double() throws -> Double {
            if let text = value as? String {
                switch text {
                case "NaN": return .nan
                case "Infinity": return .infinity
                case "-Infinity": return -.infinity
                default: throw Failure(description: "float text \(text)")
                }
            }
            guard let n = value as? NSNumber else { throw Failure(description: "float") }
            return n.doubleValue
        }
        func bytes() throws -> [UInt8] {
            if let text = value as? String { return Array(text.utf8) }
            if let b64 = (value as? [String: Any])?["base64"] as? String, let data = Data(base64Encoded: b64) {
                return Array(data)
            }
            throw Failure(description: "string value")
        }
        switch type {
        case "t": return .boolean((value as? Bool) ?? false)
        case "b": return .int8(Int8(truncatingIfNeeded: try int()))
        case "B": return .uint8(UInt8(truncatingIfNeeded: try int()))
        case "s": return .int16(Int16(truncatingIfNeeded: try int()))
        case "u": return .uint16(UInt16(truncatingIfNeeded: try int()))
        case "I": return .int32(Int32(truncatingIfNeeded: try int()))
        case "i": return .uint32(UInt32(truncatingIfNeeded: try int()))
        case "l": return .int64(try int())
        case "L": return .uint64((value as? NSNumber)?.uint64Value ?? 0)
        case "f": return .float32(Float(try double()))
        case "d": return .float64(try double())
        case "D":
            let d = value as? [String: Any]
            return .decimal(
                scale: UInt8(truncatingIfNeeded: (d?["scale"] as? NSNumber)?.intValue ?? 0),
                value: UInt32(truncatingIfNeeded: (d?["value"] as? NSNumber)?.int64Value ?? 0))
        case "S": return .longString(try bytes())
        case "x":
            guard let b64 = value as? String, let data = Data(base64Encoded: b64) else { throw Failure(description: "x") }
            return .byteArray(Array(data))
        case "T": return .timestamp(UInt64(truncatingIfNeeded: try int()))
        case "V": return .void
        case "A": return .array(try (value as? [Any] ?? []).map(typedValue))
        case "F": return .table(try table(value))
        default: throw Failure(description: "unknown type \(type)")
        }
    }

    static func table(_ raw: Any?) throws -> FieldTable {
        guard let pairs = raw as? [Any] else { throw Failure(description: "table") }
        return FieldTable(
            try pairs.map { pair in
                guard let kv = pair as? [Any], kv.count == 2, let key = kv[0] as? String else {
                    throw Failure(description: "table pair")
                }
                return FieldTable.Entry(key, try typedValue(kv[1]))
            })
    }

    /// A recorded declaration as a method. The consumer tag is taken as recorded; tests
    /// compare tags by shape separately.
    static func method(_ raw: [String: Any]) throws -> AMQPMethod {
        func string(_ key: String) throws -> String {
            guard let value = raw[key] as? String else { throw Failure(description: "missing \(key)") }
            return value
        }
        func flag(_ key: String) throws -> Bool {
            guard let value = raw[key] as? Bool else { throw Failure(description: "missing \(key)") }
            return value
        }
        switch try string("method") {
        case "basic.qos":
            return .basicQos(
                BasicQos(
                    prefetchSize: UInt32((raw["prefetch_size"] as? NSNumber)?.uint32Value ?? 0),
                    prefetchCount: UInt16((raw["prefetch_count"] as? NSNumber)?.uint16Value ?? 0),
                    global: try flag("global")))
        case "exchange.declare":
            return .exchangeDeclare(
                ExchangeDeclare(
                    exchange: try string("exchange"), type: try string("type"), passive: try flag("passive"),
                    durable: try flag("durable"), autoDelete: try flag("auto_delete"), internal: try flag("internal"),
                    noWait: try flag("nowait"), arguments: try table(raw["arguments"])))
        case "queue.declare":
            return .queueDeclare(
                QueueDeclare(
                    queue: try string("queue"), passive: try flag("passive"), durable: try flag("durable"),
                    exclusive: try flag("exclusive"), autoDelete: try flag("auto_delete"), noWait: try flag("nowait"),
                    arguments: try table(raw["arguments"])))
        case "queue.bind":
            return .queueBind(
                QueueBind(
                    queue: try string("queue"), exchange: try string("exchange"), routingKey: try string("routing_key"),
                    noWait: try flag("nowait"), arguments: try table(raw["arguments"])))
        case "basic.consume":
            return .basicConsume(
                BasicConsume(
                    queue: try string("queue"), consumerTag: try string("consumer_tag"), noLocal: try flag("no_local"),
                    noAck: try flag("no_ack"), exclusive: try flag("exclusive"), noWait: try flag("nowait"),
                    arguments: try table(raw["arguments"])))
        case let other: throw Failure(description: "unexpected method \(other)")
        }
    }
}
