import Hutch
import HutchConformance
import HutchConventions

/// Why a recorded Ruby body did not decode into a consumer's `Body`, as a
/// ``Difference``: the body path (from the `DecodingError`'s coding path), what Ruby
/// sent there, and Swift's reason (`keyNotFound`, `typeMismatch`, …).
enum DecodingFailure {
    static func difference(_ failure: UndecodableBody, body: [UInt8], bodyType: String) -> Difference {
        let parsed = try? RubyJSON.multiJSONLoad(body)
        guard let error = failure.underlying as? DecodingError else {
            return Difference(
                path: "body", ruby: parsed.map { RubyValueText.render($0) } ?? "\(body.count) bytes, not JSON", swift: failure.reason)
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parentPath = path(context.codingPath)
            let parent = parsed.flatMap { value(in: $0, at: context.codingPath) }
            let keys = parent?.objectValue.map { object in object.pairs.map(\.key).joined(separator: ", ") } ?? ""
            return Difference(
                path: parentPath.appending(key: key.stringValue).description,
                ruby: "absent" + (keys.isEmpty ? "" : " (Ruby sent keys: \(keys))"),
                swift: "keyNotFound: \(bodyType) needs key \"\(key.stringValue)\"")
        case .valueNotFound(let type, let context):
            return Difference(
                path: path(context.codingPath).description, ruby: rubyValue(parsed, context.codingPath),
                swift: "valueNotFound: \(bodyType) needs a \(type) here")
        case .typeMismatch(_, let context):
            return Difference(
                path: path(context.codingPath).description, ruby: rubyValue(parsed, context.codingPath),
                swift: "typeMismatch: \(context.debugDescription)")
        case .dataCorrupted(let context):
            return Difference(
                path: path(context.codingPath).description, ruby: rubyValue(parsed, context.codingPath),
                swift: "dataCorrupted: \(context.debugDescription)")
        @unknown default:
            return Difference(path: "body", ruby: parsed.map { RubyValueText.render($0) } ?? "not JSON", swift: failure.reason)
        }
    }

    /// `body.items[0].sku` for a coding path.
    static func path(_ codingPath: [any CodingKey]) -> JSONPath {
        codingPath.reduce(JSONPath("body")) { path, key in
            key.intValue.map { path.appending(index: $0) } ?? path.appending(key: key.stringValue)
        }
    }

    private static func rubyValue(_ parsed: JSONValue?, _ codingPath: [any CodingKey]) -> String {
        guard let parsed else { return "not JSON" }
        return RubyValueText.render(value(in: parsed, at: codingPath), withClass: true)
    }

    /// The value at a coding path, read as the decoder read it.
    private static func value(in root: JSONValue, at codingPath: [any CodingKey]) -> JSONValue? {
        var current: JSONValue? = root
        for key in codingPath {
            switch current {
            case .object(let object)?: current = object[key.stringValue]
            case .array(let items)?:
                guard let index = key.intValue, items.indices.contains(index) else { return nil }
                current = items[index]
            default: return nil
            }
        }
        return current
    }
}
