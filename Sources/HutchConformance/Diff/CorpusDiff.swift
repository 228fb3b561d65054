/// What Ruby's behaviour changed between two recordings of a corpus (or of one case):
/// the cases whose behaviour changed, with each change, and the cases added or removed.
///
/// Cases pair up by id — with the Hutch version in front when either side holds more
/// than one version — so re-recording a corpus under a new gem version compares case
/// by case. Two case files given as such pair up whatever their ids.
package struct CorpusDiff: Sendable {
    /// A case whose behaviour changed.
    package struct ChangedCase: Sendable {
        /// The case's name (`hutch-1.3.1/publish/invoice-created`, or its id).
        package var name: String
        /// The new recording's file.
        package var file: String
        /// The case's routing keys in words, or `""`.
        package var label: String
        /// What changed.
        package var changes: [BehaviourChange]
    }

    /// A case only one side holds.
    package struct LoneCase: Sendable {
        /// The case's name.
        package var name: String
        /// Its file.
        package var file: String
        /// Its routing keys in words, or `""`.
        package var label: String
    }

    /// Cases whose behaviour changed.
    package var changed: [ChangedCase] = []
    /// Cases only the new recording holds.
    package var added: [LoneCase] = []
    /// Cases only the old recording holds.
    package var removed: [LoneCase] = []
    /// Files (or cases) that could not be read, on either side.
    package var unreadable: [CaseFileError] = []
    /// Cases recorded on both sides with the same behaviour.
    package var unchanged = 0

    /// Whether anything Ruby does changed.
    package var behaviourChanged: Bool { !changed.isEmpty || !added.isEmpty || !removed.isEmpty }

    /// Compares two corpora; with `pairingSingleCases`, two corpora of one case each
    /// (two case files) compare those cases whatever their ids.
    package static func compare(old: Corpus, new: Corpus, pairingSingleCases: Bool = false) -> CorpusDiff {
        var diff = CorpusDiff()
        diff.unreadable = old.unreadable + new.unreadable
        if pairingSingleCases && old.cases.count == 1 && new.cases.count == 1 {
            diff.record(old.cases[0], new.cases[0], name: new.cases[0].id)
            return diff
        }
        let versioned = Set(old.cases.map(\.hutchVersion)).count > 1 || Set(new.cases.map(\.hutchVersion)).count > 1
        func name(_ recorded: RecordedCase) -> String {
            versioned ? "\(recorded.hutchVersion.map { "hutch-\($0)" } ?? "unversioned")/\(recorded.id)" : recorded.id
        }
        let newByName = Dictionary(new.cases.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        for recorded in old.cases {
            let key = name(recorded)
            guard seen.insert(key).inserted else { continue }
            if let counterpart = newByName[key] {
                diff.record(recorded, counterpart, name: key)
            } else {
                diff.removed.append(LoneCase(name: key, file: recorded.file, label: label(recorded)))
            }
        }
        for recorded in new.cases where !seen.contains(name(recorded)) {
            seen.insert(name(recorded))
            diff.added.append(LoneCase(name: name(recorded), file: recorded.file, label: label(recorded)))
        }
        return diff
    }

    private mutating func record(_ old: RecordedCase, _ new: RecordedCase, name: String) {
        do {
            let changes = try CaseDiff.changes(old, new)
            if changes.isEmpty {
                unchanged += 1
            } else {
                changed.append(ChangedCase(name: name, file: new.file, label: Self.label(new), changes: changes))
            }
        } catch {
            unreadable.append(error)
        }
    }

    /// `routing key "a.b", CC "c.d"` for the case's first message.
    static func label(_ recorded: RecordedCase) -> String {
        guard let message = (try? recorded.rubyMessages())?.first else { return "" }
        let cc = RecordedRubyMessage.headerKeys(message.properties.headers, "CC")
        return "routing key \"\(message.routingKey)\"" + (cc.isEmpty ? "" : ", CC " + cc.map { "\"\($0)\"" }.joined(separator: ", "))
    }
}
