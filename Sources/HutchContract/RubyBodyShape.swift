import HutchConformance
import HutchConventions

/// What the recorded Ruby messages to one routing key send, path by path, as Ruby's
/// JSON reads it: the classes seen at each place (`Integer` and `Float` apart, as Ruby
/// keeps them), which keys every message holds, and an example value.
struct RubyBodyShape {
    var classes: Set<String> = []
    var example: JSONValue?
    /// How many messages held an object here, and how many of those held each key.
    var objects = 0
    var keys: [(key: String, count: Int, shape: RubyBodyShape)] = []
    var elements: [RubyBodyShape] = []

    /// The shape of `samples`.
    init(samples: [JSONValue]) {
        for sample in samples { add(sample) }
    }

    private init() {}

    private mutating func add(_ value: JSONValue) {
        classes.insert(Self.className(value))
        if example == nil || example == .null { example = value }
        switch value {
        case .object(let object):
            objects += 1
            for (key, item) in object.pairs {
                if let index = keys.firstIndex(where: { $0.key == key }) {
                    keys[index].count += 1
                    keys[index].shape.add(item)
                } else {
                    var shape = RubyBodyShape()
                    shape.add(item)
                    keys.append((key, 1, shape))
                }
            }
        case .array(let items):
            if elements.isEmpty { elements = [RubyBodyShape()] }
            for item in items { elements[0].add(item) }
        default:
            break
        }
    }

    /// Ruby's class, with `true` and `false` as one.
    static func className(_ value: JSONValue) -> String {
        if case .bool = value { return "true/false" }
        return value.rubyClassName
    }

    /// Where Swift's value does not fit: a key every Ruby message holds that Swift
    /// leaves out, or a class Ruby never sends there (`3.0` where Ruby sends `3`).
    func differences(_ swift: JSONValue, at path: JSONPath) -> [Difference] {
        let swiftClass = Self.className(swift)
        let rubyClasses = classes.subtracting(["NilClass"])
        if swiftClass == "NilClass" {
            guard !classes.contains("NilClass"), !rubyClasses.isEmpty else { return [] }
            return [Difference(path: path.description, ruby: sent(), swift: "null")]
        }
        guard rubyClasses.isEmpty || rubyClasses.contains(swiftClass) else {
            return [Difference(path: path.description, ruby: sent(), swift: RubyValueText.render(swift, withClass: true))]
        }
        var found: [Difference] = []
        switch swift {
        case .object(let object):
            let extra = object.pairs.map(\.key).filter { key in !keys.contains { $0.key == key } }
            for entry in keys {
                let place = path.appending(key: entry.key)
                if let item = object[entry.key] {
                    found += entry.shape.differences(item, at: place)
                } else if entry.count == objects {
                    found.append(
                        Difference(
                            path: place.description, ruby: "always sent, e.g. " + entry.shape.sent(),
                            swift: "absent" + (extra.isEmpty ? "" : " (Swift sends keys Ruby does not: \(extra.joined(separator: ", ")))")))
                }
            }
        case .array(let items):
            if let element = elements.first, !element.classes.isEmpty {
                for (index, item) in items.enumerated() { found += element.differences(item, at: path.appending(index: index)) }
            }
        default:
            break
        }
        return found
    }

    private func sent() -> String {
        let names = classes.sorted().joined(separator: " or ")
        return example.map { "\(RubyValueText.render($0)) (\(names))" } ?? names
    }
}
