import HutchConventions

/// Where two message bodies differ: the first differing byte with the bytes around it,
/// and — when both bodies are JSON — the JSON paths whose values differ, read with
/// ``RubyJSON`` as Ruby reads them (so `1` and `1.0` differ, and key order counts).
enum BodyDifference {
    /// Bytes shown before the first difference.
    static let before = 8
    /// Bytes shown from the first difference on.
    static let after = 24
    /// The most JSON paths listed.
    static let jsonLimit = 5

    /// The differences of `ruby` and `swift` at `path`: the bytes, then the JSON paths.
    static func differences(_ path: String, ruby: [UInt8], swift: [UInt8]) -> [Difference] {
        guard ruby != swift else { return [] }
        let offset = zip(ruby, swift).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ruby.count, swift.count)
        var found = [Difference(path: path, ruby: window(ruby, at: offset), swift: window(swift, at: offset))]
        if let rubyJSON = try? RubyJSON.parse(ruby), let swiftJSON = try? RubyJSON.parse(swift) {
            var json: [Difference] = []
            compare("$", rubyJSON, swiftJSON, into: &json)
            found += json.prefix(jsonLimit).map { Difference(path: "\(path) JSON \($0.path)", ruby: $0.ruby, swift: $0.swift) }
        }
        return found
    }

    /// `35 bytes, differ at byte 7: …7b22613a|322e30… text …{"a":|2.0` — the `|` marks
    /// the first differing byte (or the end of the shorter body).
    static func window(_ bytes: [UInt8], at offset: Int) -> String {
        let start = max(0, offset - before)
        let end = min(bytes.count, offset + after)
        let head = Array(bytes[start..<min(offset, bytes.count)])
        let tail = offset < bytes.count ? Array(bytes[offset..<end]) : []
        let open = start > 0 ? "…" : ""
        let close = end < bytes.count ? "…" : ""
        return "\(bytes.count) bytes, differ at byte \(offset): \(open)\(hexString(head))|\(hexString(tail))\(close) "
            + "text \(open)\(text(head))|\(text(tail))\(close)"
    }

    /// Printable ASCII but `\` as is, every other byte as `\xNN`.
    static func text(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            switch byte {
            case 0x20...0x7E where byte != UInt8(ascii: "\\"): String(UnicodeScalar(byte))
            default: "\\x" + String(byte, radix: 16).uppercased().leftPadded(to: 2)
            }
        }.joined()
    }

    private static func compare(_ path: String, _ ruby: JSONValue, _ swift: JSONValue, into out: inout [Difference]) {
        guard ruby != swift, out.count < jsonLimit else { return }
        switch (ruby, swift) {
        case (.object(let r), .object(let s)):
            for key in r.keys where s[key] == nil {
                out.append(Difference(path: member(path, key), ruby: render(r[key]), swift: "absent"))
            }
            for key in s.keys where r[key] == nil {
                out.append(Difference(path: member(path, key), ruby: "absent", swift: render(s[key])))
            }
            for key in r.keys {
                if let rv = r[key], let sv = s[key] { compare(member(path, key), rv, sv, into: &out) }
            }
            let shared = r.keys.filter { s[$0] != nil }
            if out.isEmpty && shared != s.keys.filter({ r[$0] != nil }) {
                out.append(
                    Difference(path: path + " (key order)", ruby: shared.joined(separator: ", "), swift: s.keys.joined(separator: ", ")))
            }
        case (.array(let r), .array(let s)):
            if r.count != s.count {
                out.append(Difference(path: path + ".length", ruby: "\(r.count)", swift: "\(s.count)"))
            }
            for (index, pair) in zip(r, s).enumerated() { compare("\(path)[\(index)]", pair.0, pair.1, into: &out) }
        default:
            out.append(Difference(path: path, ruby: render(ruby), swift: render(swift)))
        }
    }

    private static func member(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return plain ? "\(path).\(key)" : "\(path)[\((try? RubyJSON.generateString(.string(key))) ?? key)]"
    }

    /// The value as Ruby's `JSON.generate` writes it, with its class, shortened.
    private static func render(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        let text = (try? RubyJSON.generateString(value)) ?? "a \(value.rubyClassName)"
        let short = text.count > 120 ? String(text.prefix(117)) + "..." : text
        return "\(short) (\(value.rubyClassName))"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
