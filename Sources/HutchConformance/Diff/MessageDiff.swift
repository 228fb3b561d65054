import HutchConventions

/// What changed between two recordings of one message, in a reviewer's words:
/// exchange, routing key, each property, each header by name, the body path by path
/// (JSON as Ruby reads it), and — only when nothing else explains them — the frames.
enum MessageDiff {
    /// The changes; `prefix` names the message when a case holds several (`delivery: `).
    static func changes(
        _ old: RecordedRubyMessage, _ new: RecordedRubyMessage, prefix: String, normaliser: NondeterministicNormaliser
    ) -> (changes: [BehaviourChange], frames: [BehaviourChange]) {
        var found: [BehaviourChange] = []
        func note(_ path: String, _ a: String, _ b: String) {
            if a != b { found.append(BehaviourChange(path: prefix + path, old: a, new: b)) }
        }
        note("exchange", quoted(old.exchange), quoted(new.exchange))
        note("routing key", quoted(old.routingKey), quoted(new.routingKey))
        note("redelivered", old.delivery.map { "\($0.redelivered)" } ?? "absent", new.delivery.map { "\($0.redelivered)" } ?? "absent")
        note("delivery tag", old.delivery.map { "\($0.deliveryTag)" } ?? "absent", new.delivery.map { "\($0.deliveryTag)" } ?? "absent")
        let a = normaliser.properties(old.properties)
        let b = normaliser.properties(new.properties)
        for (name, value) in propertyTexts(a) where name != "headers" {
            note("property \(name)", value, propertyTexts(b).first { $0.0 == name }?.1 ?? "absent")
        }
        for (name, value) in propertyTexts(b) where propertyTexts(a).first(where: { $0.0 == name }) == nil {
            note("property \(name)", "absent", value)
        }
        found += headerChanges(a.headers ?? FieldTable(), b.headers ?? FieldTable(), prefix: prefix)
        found += bodyChanges(old.body, new.body, prefix: prefix)
        var frames: [BehaviourChange] = []
        let oldFrames = normaliser.frames(old.frames)
        let newFrames = normaliser.frames(new.frames)
        if oldFrames != newFrames {
            frames.append(
                BehaviourChange(
                    path: prefix + "frames (beyond the nondeterministic fields)",
                    old: oldFrames.joined(separator: " "), new: newFrames.joined(separator: " ")))
        }
        return (found, frames)
    }

    private static func quoted(_ text: String) -> String { "\"\(text)\"" }

    private static func propertyTexts(_ p: BasicProperties) -> [(String, String)] {
        let all: [(String, String?)] = [
            ("content_type", p.contentType.map(quoted)), ("content_encoding", p.contentEncoding.map(quoted)),
            ("headers", p.headers.map { _ in "" }), ("delivery_mode", p.deliveryMode.map { "\($0)" }),
            ("priority", p.priority.map { "\($0)" }), ("correlation_id", p.correlationID.map(quoted)),
            ("reply_to", p.replyTo.map(quoted)), ("expiration", p.expiration.map(quoted)),
            ("message_id", p.messageID.map(quoted)), ("timestamp", p.timestamp.map { "\($0)" }), ("type", p.type.map(quoted)),
            ("user_id", p.userID.map(quoted)), ("app_id", p.appID.map(quoted)), ("cluster_id", p.clusterID.map(quoted))
        ]
        return all.compactMap { name, value in value.map { (name, $0) } }
    }

    private static func headerChanges(_ old: FieldTable, _ new: FieldTable, prefix: String) -> [BehaviourChange] {
        var found: [BehaviourChange] = []
        let oldKeys = old.entries.map(\.key)
        let newKeys = new.entries.map(\.key)
        for key in oldKeys + newKeys.filter({ !oldKeys.contains($0) }) {
            let a = old[key].map(ModelDiffer.render) ?? "absent"
            let b = new[key].map(ModelDiffer.render) ?? "absent"
            if a != b { found.append(BehaviourChange(path: prefix + "header \"\(key)\"", old: a, new: b)) }
        }
        let shared = Set(oldKeys).intersection(newKeys)
        if oldKeys.filter(shared.contains) != newKeys.filter(shared.contains) {
            found.append(
                BehaviourChange(path: prefix + "header order", old: oldKeys.joined(separator: ", "), new: newKeys.joined(separator: ", ")))
        }
        return found
    }

    /// JSON bodies path by path; other bodies as bytes.
    static func bodyChanges(_ old: [UInt8], _ new: [UInt8], prefix: String) -> [BehaviourChange] {
        guard old != new else { return [] }
        if let a = try? RubyJSON.parse(old), let b = try? RubyJSON.parse(new) {
            let changes = JSONDiff.changes(a, b, at: JSONPath(prefix + "body"))
            if !changes.isEmpty { return changes }
        }
        return [BehaviourChange(path: prefix + "body", old: ModelDiffer.render(old), new: ModelDiffer.render(new))]
    }
}
