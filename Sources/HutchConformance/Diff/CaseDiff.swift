import HutchConventions

/// What Ruby's behaviour changed between two recordings of one case. Ignored: when it
/// was recorded (`recorded_at`, `recorded_with`), the words for people (`description`,
/// `error_message`), and the fields the case lists as nondeterministic — message ids,
/// timestamps, consumer tags, `x-death` times — in the JSON view and in the frames.
/// Frames are reported only when nothing else in the case changed (otherwise the
/// JSON view already says what their bytes say).
enum CaseDiff {
    static func changes(_ old: RecordedCase, _ new: RecordedCase) throws(CaseFileError) -> [BehaviourChange] {
        var found: [BehaviourChange] = []
        var frames: [BehaviourChange] = []
        if old.kind != new.kind { found.append(BehaviourChange(path: "kind", old: old.kind, new: new.kind)) }
        let normaliser = NondeterministicNormaliser(names: old.nondeterministicFields.union(new.nondeterministicFields))

        let oldMessages = try old.rubyMessages()
        let newMessages = try new.rubyMessages()
        let roles = oldMessages.map(\.role) + newMessages.map(\.role).filter { role in !oldMessages.contains { $0.role == role } }
        for role in roles {
            let prefix = role == "expected" ? "" : "\(role): "
            switch (oldMessages.first { $0.role == role }, newMessages.first { $0.role == role }) {
            case (let a?, let b?):
                let message = MessageDiff.changes(a, b, prefix: prefix, normaliser: normaliser)
                found += message.changes
                frames += message.frames
            case (let a?, nil): found.append(BehaviourChange(path: role, old: "a message to \"\(a.routingKey)\"", new: "absent"))
            case (nil, let b?): found.append(BehaviourChange(path: role, old: "absent", new: "a message to \"\(b.routingKey)\""))
            case (nil, nil): break
            }
        }

        var oldInput = NondeterministicNormaliser.input(old.input, kind: old.kind)
        var newInput = NondeterministicNormaliser.input(new.input, kind: new.kind)
        if let a = oldInput["body_base64"]?.stringValue.flatMap(Base64.decode),
            let b = newInput["body_base64"]?.stringValue.flatMap(Base64.decode)
        {
            // A retry's input body: compared as a body, path by path.
            found += MessageDiff.bodyChanges(a, b, prefix: "input.")
            oldInput["body_base64"] = nil
            newInput["body_base64"] = nil
        }
        found += JSONDiff.changes(.object(oldInput), .object(newInput), at: JSONPath("input"))
        let oldRest = try remainder(old, normaliser: normaliser)
        let newRest = try remainder(new, normaliser: normaliser)
        found += JSONDiff.changes(.object(oldRest.expected), .object(newRest.expected), at: JSONPath("expected"))
        if oldRest.frames != newRest.frames {
            frames.append(
                BehaviourChange(
                    path: "expected.frames (beyond the nondeterministic fields)",
                    old: oldRest.frames.joined(separator: " "), new: newRest.frames.joined(separator: " ")))
        }
        return found.isEmpty ? frames : found
    }

    /// `expected` without the messages (compared above), the words for people, the list
    /// of nondeterministic fields and those fields; its own frames (topology) normalised
    /// apart.
    private static func remainder(
        _ recorded: RecordedCase, normaliser: NondeterministicNormaliser
    ) throws(CaseFileError) -> (expected: JSONObject, frames: [String]) {
        var expected = recorded.expected
        expected["error_message"] = nil
        expected["nondeterministic"] = nil
        let messageKeys =
            PublishChecker.kinds.contains(recorded.kind)
            ? ["exchange", "routing_key", "properties", "body_base64", "frames"]
            : ["delivery", "published", "republished"]
        for key in messageKeys { expected[key] = nil }
        if case .object(var message)? = expected["message"] {
            if normaliser.names.contains("message_id") { message["message_id"] = nil }
            if normaliser.names.contains("timestamp") { message["timestamp"] = nil }
            expected["message"] = .object(message)
        }
        if normaliser.names.contains("consumer_tag"), case .array(let declarations)? = expected["declarations"] {
            expected["declarations"] = .array(
                declarations.map { declaration in
                    guard case .object(var fields) = declaration, fields["consumer_tag"] != nil else { return declaration }
                    fields["consumer_tag"] = nil
                    return .object(fields)
                })
        }
        var frames: [String] = []
        if let value = expected["frames"] {
            frames = normaliser.frames(try TypedValueReader(file: recorded.file).frames(value, path: "expected.frames"))
            expected["frames"] = nil
        }
        return (expected, frames)
    }
}
