import HutchAMQP
import HutchConventions

/// Blanks what a case lists as nondeterministic (`message_id`, `timestamp`,
/// `consumer_tag`) and the broker's clock in `x-death` (`time`, always), so two
/// recordings of the same behaviour compare equal — in the properties and in the
/// frames, which are re-encoded after blanking.
struct NondeterministicNormaliser {
    let names: Set<String>

    func properties(_ properties: BasicProperties) -> BasicProperties {
        var normalised = properties
        if names.contains("message_id"), normalised.messageID != nil { normalised.messageID = "" }
        if names.contains("timestamp"), normalised.timestamp != nil { normalised.timestamp = 0 }
        if let headers = normalised.headers { normalised.headers = withoutDeathTimes(headers) }
        return normalised
    }

    func withoutDeathTimes(_ headers: FieldTable) -> FieldTable {
        var table = headers
        for index in table.entries.indices where table.entries[index].key == "x-death" {
            guard case .array(let deaths) = table.entries[index].value else { continue }
            table.entries[index].value = .array(
                deaths.map { death in
                    guard case .table(var entry) = death else { return death }
                    for field in entry.entries.indices where entry.entries[field].key == "time" {
                        entry.entries[field].value = .timestamp(0)
                    }
                    return .table(entry)
                })
        }
        return table
    }

    /// The frames as hex after blanking: method frames (consumer tags), the content
    /// header (properties), and the body frames joined. A frame that does not decode
    /// stays as recorded.
    func frames(_ frames: [RecordedFrame]) -> [String] {
        var texts: [String] = []
        for frame in frames where frame.kind != .body {
            texts.append(hexString(normalised(frame)))
        }
        let body = frames.filter { $0.kind == .body }.flatMap(\.payload)
        if !body.isEmpty { texts.append(hexString(body)) }
        return texts
    }

    private func normalised(_ frame: RecordedFrame) -> [UInt8] {
        switch frame.kind {
        case .method:
            guard names.contains("consumer_tag"), var method = try? MethodCodec.decode(frame.payload) else { return frame.payload }
            switch method {
            case .basicConsume(var consume):
                consume.consumerTag = ""
                method = .basicConsume(consume)
            case .basicDeliver(var deliver):
                deliver.consumerTag = ""
                method = .basicDeliver(deliver)
            default: return frame.payload
            }
            return (try? MethodCodec.encode(method)) ?? frame.payload
        case .header:
            guard let decoded = try? ContentHeaderCodec.decode(frame.payload) else { return frame.payload }
            return (try? ContentHeaderCodec.encode(properties: properties(decoded.properties), bodySize: decoded.bodySize)) ?? frame.payload
        case .body:
            return frame.payload
        }
    }

    /// A case's `input` with the clocks blanked: `x-death` times in typed header tables
    /// (`retry` inputs), and `enqueue_at`'s `now` — Ruby's clock — with `at` made
    /// relative to it (`at - now`, what hutch-schedule computes the delay from).
    static func input(_ input: JSONObject, kind: String) -> JSONObject {
        var normalised = input
        if case .array(let headers)? = input["headers"] {
            normalised["headers"] = .array(headers.map(withoutTypedDeathTimes))
        }
        if kind == "enqueue_at", let at = input["at"]?.doubleValue, let now = input["now"]?.doubleValue {
            normalised["now"] = nil
            normalised["at"] = nil
            normalised["at - now"] = .float(((at - now) * 1000).rounded() / 1000)
        }
        return normalised
    }

    /// A `[key, typed value]` header pair with `x-death`'s `time` fields blanked.
    private static func withoutTypedDeathTimes(_ pair: JSONValue) -> JSONValue {
        guard case .array(let items) = pair, items.count == 2, items[0].stringValue == "x-death",
            case .object(var typed) = items[1], case .array(let deaths)? = typed["value"]
        else { return pair }
        typed["value"] = .array(
            deaths.map { death in
                guard case .object(var table) = death, case .array(let fields)? = table["value"] else { return death }
                table["value"] = .array(
                    fields.map { field in
                        guard case .array(let entry) = field, entry.count == 2, entry[0].stringValue == "time" else { return field }
                        return .array([entry[0], .null])
                    })
                return .object(table)
            })
        return .array([items[0], .object(typed)])
    }
}
