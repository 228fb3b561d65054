/// A value held by `Hutch::Config`, with the Ruby classes a configuration can
/// actually hold after loading defaults, `HUTCH_*` variables, a YAML file and a URI.
///
/// Ruby does not constrain setting types: a YAML file can put an Integer into
/// `mq_host` or an Array into `mq_username`, and Hutch keeps it. This type keeps
/// those values so every later rule (interpolation into the sanitized URI,
/// `blank?`, `to_i`) can reproduce what Ruby does with them.
public indirect enum HutchConfigValue: Sendable, Equatable {
    /// `nil`.
    case `nil`
    /// `true` or `false`.
    case bool(Bool)
    /// An Integer of any size.
    case integer(JSONInteger)
    /// A Float.
    case float(Double)
    /// A String.
    case string(String)
    /// A Symbol (Psych 4's `YAML.load` permits them: `:name` in YAML), by its name.
    case symbol(String)
    /// An Array.
    case array([HutchConfigValue])
    /// A Hash with keys of any of these kinds, in insertion order.
    case hash([HutchConfigPair])
    /// A Ruby object this model does not look into (an error handler instance, the
    /// tracer or serializer class), named by how Ruby prints its class or constant.
    case object(String)

    /// An Integer from a machine integer.
    package static func int(_ value: Int64) -> HutchConfigValue { .integer(JSONInteger(value)) }

    /// Whether the recorder lists this value in a case's `config` object: `nil`,
    /// booleans, Integers, Floats and Strings (Symbols, Arrays, Hashes and objects
    /// are left out, as the recorder keeps only scalar `Hutch::Config` values).
    package var isRecordedScalar: Bool {
        switch self {
        case .nil, .bool, .integer, .float, .string: true
        case .symbol, .array, .hash, .object: false
        }
    }

    /// Ruby's truthiness: everything but `nil` and `false` is true.
    package var isTruthy: Bool {
        switch self {
        case .nil: false
        case .bool(let b): b
        default: true
        }
    }

    /// ActiveSupport's `blank?` (Hutch uses it on `uri`, and `presence` on `mq_vhost`):
    /// `nil`, `false`, empty collections and Strings made only of whitespace
    /// (Unicode White_Space, as `[[:space:]]` matches) are blank; numbers, `true`,
    /// Symbols other than the empty one and objects are not.
    package var isBlank: Bool {
        switch self {
        case .nil: true
        case .bool(let b): !b
        case .integer, .float, .object: false
        case .string(let s): s.unicodeScalars.allSatisfy(\.properties.isWhitespace)
        case .symbol(let s): s.isEmpty
        case .array(let a): a.isEmpty
        case .hash(let h): h.isEmpty
        }
    }

    /// What `"#{value}"` prints: `to_s` (`""` for `nil`, Ruby's Float text, `inspect`
    /// for Arrays and Hashes).
    package var rubyToS: String {
        switch self {
        case .nil: ""
        case .string(let s): s
        case .symbol(let s): s
        case .object(let name): name
        default: rubyInspect
        }
    }

    /// What `inspect` prints (Ruby 3.1: `{"a"=>1}`, `[1, "b"]`, `:sym`, `nil`).
    package var rubyInspect: String {
        switch self {
        case .nil: "nil"
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): i.description
        case .float(let d): RubyFloatFormat.string(d)
        case .string(let s): Self.inspectString(s)
        case .symbol(let s): ":" + s
        case .object(let name): name
        case .array(let a): "[" + a.map(\.rubyInspect).joined(separator: ", ") + "]"
        case .hash(let h): "{" + h.map { "\($0.key.rubyInspect)=>\($0.value.rubyInspect)" }.joined(separator: ", ") + "}"
        }
    }

    /// The value as the recorder's JSON shows it (`JSON.generate` of the Ruby value):
    /// Symbols become Strings, Hash keys their `to_s`, objects their name.
    package var jsonValue: JSONValue {
        switch self {
        case .nil: .null
        case .bool(let b): .bool(b)
        case .integer(let i): .integer(i)
        case .float(let d): .float(d)
        case .string(let s), .symbol(let s), .object(let s): .string(s)
        case .array(let a): .array(a.map(\.jsonValue))
        case .hash(let h): .object(JSONObject(h.map { ($0.key.rubyToS, $0.value.jsonValue) }))
        }
    }

    /// The Ruby class name, as error messages print it.
    package var rubyClassName: String {
        switch self {
        case .nil: "NilClass"
        case .bool(let b): b ? "TrueClass" : "FalseClass"
        case .integer: "Integer"
        case .float: "Float"
        case .string: "String"
        case .symbol: "Symbol"
        case .array: "Array"
        case .hash: "Hash"
        case .object(let name): name
        }
    }

    /// `String#inspect` for the characters a configuration plausibly holds.
    static func inspectString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{0C}": out += "\\f"
            case "\u{0B}": out += "\\v"
            case "\u{08}": out += "\\b"
            case "\u{07}": out += "\\a"
            case "\u{1B}": out += "\\e"
            case "#":
                out += "#"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
