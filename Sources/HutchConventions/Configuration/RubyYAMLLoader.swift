import Yams

/// What Hutch's `Config.load_from_file` reads from a YAML file: `ERB.new(text).result`
/// then Psych 4's `YAML.load` (safe mode: Symbols allowed; aliases, Dates and Times
/// refused), producing a Ruby value.
///
/// Only the first document counts (later ones are never looked at); an empty
/// document or one holding only comments is `nil`. Mapping keys go through the same
/// scalar rules as values (so `5:` is the Integer 5), a later duplicate key
/// replaces the value in the first key's position, and `<<:` merges a mapping (or a
/// sequence of mappings) in, as Psych does.
package enum RubyYAMLLoader {
    /// The tag name this loader's resolver gives every untagged plain scalar, so they
    /// can be told apart from explicitly tagged ones.
    private static let implicitPlain = "tag:swift-hutch,2024:implicit-plain"
    private static let strTag = "tag:yaml.org,2002:str"
    private static let floatTag = "tag:yaml.org,2002:float"
    private static let seqTag = "tag:yaml.org,2002:seq"
    private static let mapTag = "tag:yaml.org,2002:map"
    private static let binaryTag = "tag:yaml.org,2002:binary"

    /// Loads `text` as Hutch does. ERB tags cannot be evaluated here: text containing
    /// `<%` (other than the `<%%` escape, which ERB turns into `<%`) is refused with
    /// `HutchConfigError.Code.erbUnsupported`.
    package static func load(_ text: String) throws(HutchConfigError) -> HutchConfigValue {
        let yaml = try expandERB(text)
        let resolver: Resolver
        do {
            resolver = try Resolver.basic.appending(Tag.Name(rawValue: implicitPlain), "^")
        } catch {
            throw HutchConfigError(
                code: .yamlUnsupported, rubyClassName: "Psych::Exception",
                expected: "a YAML resolver", found: "\(error)", source: .yaml(line: nil, column: nil, key: nil))
        }
        let root: Node?
        do {
            root = try Parser(yaml: yaml, resolver: resolver).nextRoot()
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw HutchConfigError(
                code: .yamlSyntax, rubyClassName: "Psych::SyntaxError",
                expected: "valid YAML", found: "\(error)", source: .yaml(line: nil, column: nil, key: nil))
        }
        guard let root else { return .nil }
        var seen = Set<MarkKey>()
        try rejectAliases(root, seen: &seen)
        return try value(of: root)
    }

    /// ERB with no tags is the identity; `<%%` stands for a literal `<%`.
    static func expandERB(_ text: String) throws(HutchConfigError) -> String {
        guard text.contains("<%") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: "<%") {
            out += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            guard after.first == "%" else {
                let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
                throw HutchConfigError(
                    code: .erbUnsupported, rubyClassName: "ERB",
                    expected: "YAML without ERB tags (Ruby would evaluate them as Ruby code)",
                    found: String(rest[range.lowerBound...].prefix(40)), source: .yaml(line: line, column: nil, key: nil))
            }
            out += "<%"
            rest = after.dropFirst()
        }
        return out + rest
    }

    private struct MarkKey: Hashable {
        var kind: Int, line: Int, column: Int
    }

    /// Psych 4's `YAML.load` refuses every alias (`Psych::BadAlias`). Yams resolves
    /// aliases to the anchored node, so an alias shows as a second node of the same
    /// kind starting at the same position.
    private static func rejectAliases(_ node: Node, seen: inout Set<MarkKey>) throws(HutchConfigError) {
        let (kind, mark): (Int, Mark?) =
            switch node {
            case .scalar(let s): (0, s.mark)
            case .mapping(let m): (1, m.mark)
            case .sequence(let s): (2, s.mark)
            }
        if let mark {
            let key = MarkKey(kind: kind, line: mark.line, column: mark.column)
            if seen.contains(key) {
                throw HutchConfigError(
                    code: .yamlAlias, rubyClassName: "Psych::BadAlias",
                    expected: "YAML without aliases (YAML.load does not enable them)",
                    found: "an alias of the node at line \(mark.line) column \(mark.column)",
                    source: .yaml(line: mark.line, column: mark.column, key: nil))
            }
            seen.insert(key)
        }
        switch node {
        case .scalar: break
        case .mapping(let m):
            for (k, v) in m {
                try rejectAliases(k, seen: &seen)
                try rejectAliases(v, seen: &seen)
            }
        case .sequence(let s):
            for child in s { try rejectAliases(child, seen: &seen) }
        }
    }

    private static func location(_ mark: Mark?) -> HutchConfigError.Source {
        .yaml(line: mark?.line, column: mark?.column, key: nil)
    }

    private static func value(of node: Node) throws(HutchConfigError) -> HutchConfigValue {
        switch node {
        case .scalar(let scalar):
            return try scalarValue(scalar)
        case .sequence(let sequence):
            guard [seqTag, implicitPlain, ""].contains(sequence.tag.description) else {
                throw unsupportedTag(sequence.tag.description, sequence.mark)
            }
            var items: [HutchConfigValue] = []
            for child in sequence { items.append(try value(of: child)) }
            return .array(items)
        case .mapping(let mapping):
            guard [mapTag, implicitPlain, ""].contains(mapping.tag.description) else {
                throw unsupportedTag(mapping.tag.description, mapping.mark)
            }
            var pairs: [HutchConfigPair] = []
            func set(_ key: HutchConfigValue, _ value: HutchConfigValue) {
                if let index = pairs.firstIndex(where: { $0.key == key }) {
                    pairs[index].value = value
                } else {
                    pairs.append(HutchConfigPair(key: key, value: value))
                }
            }
            for (keyNode, valueNode) in mapping {
                let key = try value(of: keyNode)
                let val = try value(of: valueNode)
                let explicitString: Bool =
                    if case .scalar(let s) = keyNode { s.tag.description == strTag && s.style == .plain } else { false }
                if key == .string("<<"), !explicitString {
                    switch val {
                    case .hash(let merged):
                        for pair in merged { set(pair.key, pair.value) }
                        continue
                    case .array(let list) where list.allSatisfy({ if case .hash = $0 { true } else { false } }):
                        var combined: [HutchConfigPair] = []
                        for case .hash(let h) in list.reversed() {
                            for pair in h {
                                if let i = combined.firstIndex(where: { $0.key == pair.key }) {
                                    combined[i].value = pair.value
                                } else {
                                    combined.append(pair)
                                }
                            }
                        }
                        for pair in combined { set(pair.key, pair.value) }
                        continue
                    default:
                        break
                    }
                }
                set(key, val)
            }
            return .hash(pairs)
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar) throws(HutchConfigError) -> HutchConfigValue {
        let tag = scalar.tag.description
        if tag == implicitPlain {
            switch PsychScalarScanner.tokenize(scalar.string) {
            case .value(let v): return v
            case .disallowed(let className):
                throw HutchConfigError(
                    code: .yamlDisallowedClass, rubyClassName: "Psych::DisallowedClass",
                    expected: "a value of a class YAML.load permits (it refuses \(className))",
                    found: disallowedText(className), source: location(scalar.mark))
            }
        }
        // Quoted, literal and folded scalars, and `!!str` / `!str`, are Strings.
        if tag == strTag || tag == "!str" || tag == "!ruby/string" { return .string(scalar.string) }
        if tag == floatTag || tag == "!float" {
            switch PsychScalarScanner.tokenize(scalar.string) {
            case .value(.integer(let i)): return .float(Double(i.description) ?? 0)
            case .value(.float(let d)): return .float(d)
            default: throw unsupportedTag(tag, scalar.mark)
            }
        }
        if tag.hasPrefix("!ruby/sym") { return .symbol(scalar.string) }
        if tag.hasPrefix("!ruby/") || tag == binaryTag || tag == "!binary" {
            throw unsupportedTag(tag, scalar.mark)
        }
        // Other tags (`!!int`, `!!null`, custom ones): Psych tokenizes the text as if plain.
        switch PsychScalarScanner.tokenize(scalar.string) {
        case .value(let v): return v
        case .disallowed(let className):
            throw HutchConfigError(
                code: .yamlDisallowedClass, rubyClassName: "Psych::DisallowedClass",
                expected: "a value of a class YAML.load permits (it refuses \(className))",
                found: disallowedText(className), source: location(scalar.mark))
        }
    }

    /// What a disallowed scalar is, without its text: a password can look like a date
    /// (`mq_password: 2024-05-01`).
    private static func disallowedText(_ className: String) -> String {
        "a value YAML reads as a \(className) (not shown: it may be a password; quote it to make it a String)"
    }

    private static func unsupportedTag(_ tag: String, _ mark: Mark?) -> HutchConfigError {
        HutchConfigError(
            code: .yamlUnsupported, rubyClassName: "Psych::DisallowedClass",
            expected: "plain YAML data (no Ruby object tags)", found: "tag \(tag)", source: location(mark))
    }

    private static func syntaxError(_ error: YamlError) -> HutchConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            return HutchConfigError(
                code: .yamlSyntax, rubyClassName: "Psych::SyntaxError", expected: "valid YAML",
                found: [problem, context?.text].compactMap { $0 }.joined(separator: " "),
                source: .yaml(line: mark.line, column: mark.column, key: nil))
        case .composer(let context, let problem, let mark, _):
            let isAlias = problem.contains("alias")
            return HutchConfigError(
                code: isAlias ? .yamlAlias : .yamlSyntax,
                rubyClassName: isAlias ? "Psych::BadAlias" : "Psych::SyntaxError",
                expected: isAlias ? "YAML without aliases (YAML.load does not enable them)" : "valid YAML",
                found: [problem, context?.text].compactMap { $0 }.joined(separator: " "),
                source: .yaml(line: mark.line, column: mark.column, key: nil))
        case .reader(let problem, let offset, _, _):
            return HutchConfigError(
                code: .yamlSyntax, rubyClassName: "Psych::SyntaxError", expected: "valid YAML",
                found: problem + (offset.map { " at offset \($0)" } ?? ""),
                source: .yaml(line: nil, column: nil, key: nil))
        default:
            return HutchConfigError(
                code: .yamlSyntax, rubyClassName: "Psych::SyntaxError", expected: "valid YAML",
                found: "\(error)", source: .yaml(line: nil, column: nil, key: nil))
        }
    }
}
