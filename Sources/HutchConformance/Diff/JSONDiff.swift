import HutchConventions

/// Compares two JSON values as Ruby reads them (``RubyJSON``): Integer and Float are
/// different classes (`3` is not `3.0`), `-0.0` is not `0.0`, integers of any size
/// compare exactly, and a Hash's key order is part of the value.
enum JSONDiff {
    /// Every place `old` and `new` differ under `path`; `nil` is an absent value.
    static func changes(_ old: JSONValue?, _ new: JSONValue?, at path: JSONPath) -> [BehaviourChange] {
        switch (old, new) {
        case (nil, nil): return []
        case (.object(let a)?, .object(let b)?): return objectChanges(a, b, at: path)
        case (.array(let a)?, .array(let b)?):
            return (0..<max(a.count, b.count)).flatMap { index in
                // `JSONValue` is `ExpressibleByNilLiteral`: spell out "absent", not `null`.
                changes(
                    index < a.count ? a[index] : Optional.none, index < b.count ? b[index] : Optional.none, at: path.appending(index: index)
                )
            }
        default:
            guard old != new else { return [] }
            let withClass = old != nil && new != nil && old?.rubyClassName != new?.rubyClassName
            return [
                BehaviourChange(
                    path: path.description, old: RubyValueText.render(old, withClass: withClass),
                    new: RubyValueText.render(new, withClass: withClass))
            ]
        }
    }

    private static func objectChanges(_ old: JSONObject, _ new: JSONObject, at path: JSONPath) -> [BehaviourChange] {
        var found: [BehaviourChange] = []
        let oldKeys = old.pairs.map(\.key)
        let newKeys = new.pairs.map(\.key)
        for key in oldKeys + newKeys.filter({ !oldKeys.contains($0) }) {
            found += changes(old[key], new[key], at: path.appending(key: key))
        }
        let shared = Set(oldKeys).intersection(newKeys)
        if oldKeys.filter(shared.contains) != newKeys.filter(shared.contains) {
            found.append(
                BehaviourChange(
                    path: path.description + " (key order)", old: oldKeys.joined(separator: ", "), new: newKeys.joined(separator: ", ")))
        }
        return found
    }
}
