import Foundation
import HutchConventions
import Testing

/// The recorded Ruby behaviour in `Fixtures/ruby-json-fixtures.json` (made by
/// `ruby-fixtures/generate_json_fixtures.rb`; see `Fixtures/README.md`).
enum RubyFixtures {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ruby-json-fixtures.json")

    struct Document: Decodable, Sendable {
        var generated_by: String
        var floats: [FloatCase]
        var parse: [ParseCase]
        var generate: [GenerateCase]
        var inspect: [InspectCase]
        var printable_ranges: [[UInt32]]
    }

    static let document: Document? = {
        guard let data = try? Data(contentsOf: file) else { return nil }
        return try? JSONDecoder().decode(Document.self, from: data)
    }()

    static var floats: [FloatCase] { document?.floats ?? [] }
    static var parse: [ParseCase] { document?.parse ?? [] }
    static var generate: [GenerateCase] { document?.generate ?? [] }
    static var inspect: [InspectCase] { document?.inspect ?? [] }
}

/// Bytes from lowercase hex.
func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(hex.utf8.count / 2)
    var high: UInt8?
    for c in hex.utf8 {
        let v: UInt8 = c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : (c | 0x20) - UInt8(ascii: "a") + 10
        if let h = high {
            out.append(h << 4 | v)
            high = nil
        } else {
            high = v
        }
    }
    return out
}

/// A Ruby value as the generator script describes it (`{"t": "int", "v": "12"}` …).
indirect enum RubyTree: Decodable, Sendable {
    case null
    case bool(Bool)
    case int(String)
    case float(UInt64)
    case str([UInt8])
    case arr([RubyTree])
    case hash([([UInt8], RubyTree)])

    private enum Keys: String, CodingKey { case t, v, bits, hex }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        switch try c.decode(String.self, forKey: .t) {
        case "nil": self = .null
        case "bool": self = .bool(try c.decode(Bool.self, forKey: .v))
        case "int": self = .int(try c.decode(String.self, forKey: .v))
        case "float": self = .float(UInt64(try c.decode(String.self, forKey: .bits), radix: 16) ?? 0)
        case "str": self = .str(bytes(hex: try c.decode(String.self, forKey: .hex)))
        case "arr": self = .arr(try c.decode([RubyTree].self, forKey: .v))
        case "hash":
            var list = try c.nestedUnkeyedContainer(forKey: .v)
            var pairs: [([UInt8], RubyTree)] = []
            while !list.isAtEnd {
                var pair = try list.nestedUnkeyedContainer()
                let key = bytes(hex: try pair.decode(String.self))
                pairs.append((key, try pair.decode(RubyTree.self)))
            }
            self = .hash(pairs)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .t, in: c, debugDescription: "unknown tag \(other)")
        }
    }

    /// The JSONValue Swift should produce for this Ruby value. Hash keys that are not
    /// valid UTF-8 become lossy `String`s (JSONObject keys are Swift Strings).
    var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let text): .integer(JSONInteger(decimal: text) ?? JSONInteger(0))
        case .float(let bits): .float(Double(bitPattern: bits))
        case .str(let raw):
            if let s = String(validatingUTF8Bytes: raw) { .string(s) } else { .binaryString(raw) }
        case .arr(let elements): .array(elements.map(\.jsonValue))
        case .hash(let pairs): .object(JSONObject(pairs.map { (String(decoding: $0.0, as: UTF8.self), $0.1.jsonValue) }))
        }
    }
}

extension String {
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): scalars.append(s)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = String(scalars)
    }
}

struct FloatCase: Decodable, Sendable, CustomTestStringConvertible {
    var bits: String
    var to_s: String
    var value: Double { Double(bitPattern: UInt64(bits, radix: 16) ?? 0) }
    var testDescription: String { "\(to_s) (0x\(bits))" }
}

struct Outcome: Decodable, Sendable {
    var ok: Bool
    var value: RubyTree?
    var `class`: String?
    var inspect: String?
    var error_class: String?
    var message: String?
    var cause_class: String?
}

struct ParseCase: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var input: String
    var json_parse: Outcome
    var multi_json_load: Outcome
    var inputBytes: [UInt8] { bytes(hex: input) }
    var testDescription: String { name }
}

struct GenerateOutcome: Decodable, Sendable {
    var ok: Bool
    var hex: String?
    var error_class: String?
    var message: String?
}

struct GenerateCase: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var value: RubyTree
    var json_generate: GenerateOutcome
    var multi_json_dump: GenerateOutcome
    var testDescription: String { name }
}

struct InspectCase: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var value: RubyTree
    var inspect: String
    var testDescription: String { name }
}
