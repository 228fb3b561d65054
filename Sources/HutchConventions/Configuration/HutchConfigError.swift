/// Why loading a configuration failed, modelled on the exception Ruby raises at the
/// same point, with what was expected, what was found and where.
public struct HutchConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong. A struct around a private enum so new codes are not breaking.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case yamlSyntax, yamlAlias, yamlDisallowedClass, yamlNotAMapping, yamlUnsupported
            case erbUnsupported, unknownSetting, wrongArgumentCount, notConvertible
            case unknownConstant, invalidURI, uriWithoutPath
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The YAML text does not parse (`Psych::SyntaxError`).
        package static let yamlSyntax = Code(.yamlSyntax)
        /// The YAML uses an alias; `YAML.load` in Psych 4 refuses them (`Psych::BadAlias`).
        package static let yamlAlias = Code(.yamlAlias)
        /// The YAML holds a Date or Time, which `YAML.load` refuses (`Psych::DisallowedClass`).
        package static let yamlDisallowedClass = Code(.yamlDisallowedClass)
        /// The YAML document is not a mapping or a sequence (`NoMethodError` on `each`).
        package static let yamlNotAMapping = Code(.yamlNotAMapping)
        /// The YAML uses a construct this model does not reproduce (a Ruby object tag).
        package static let yamlUnsupported = Code(.yamlUnsupported)
        /// The text has ERB tags (`<%= … %>`), which Ruby would evaluate as Ruby code.
        package static let erbUnsupported = Code(.erbUnsupported)
        /// A YAML key names no setting (`NoMethodError` for the missing `key=` method).
        package static let unknownSetting = Code(.unknownSetting)
        /// A YAML key reached a Ruby method with another arity (`[]` → `ArgumentError`).
        package static let wrongArgumentCount = Code(.wrongArgumentCount)
        /// A value cannot be converted as the setting requires (`to_i` of `true`, an
        /// Array, a Hash → `NoMethodError`; of infinity or NaN → `FloatDomainError`;
        /// `sub` on a non-String vhost → `NoMethodError`).
        package static let notConvertible = Code(.notConvertible)
        /// `tracer` names no constant (`NameError` / `TypeError`).
        package static let unknownConstant = Code(.unknownConstant)
        /// The `uri` setting is not a URI Ruby's RFC 3986 parser accepts (`URI::InvalidURIError`).
        package static let invalidURI = Code(.invalidURI)
        /// The URI is opaque (`amqp:host`), so it has no path and Hutch calls `sub` on
        /// `nil` (`NoMethodError`).
        package static let uriWithoutPath = Code(.uriWithoutPath)

        package var description: String { base.rawValue }
    }

    /// Where the offending input came from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// An environment variable.
        case environment(String)
        /// The YAML text, at a 1-based line and column when known, under a key when known.
        case yaml(line: Int?, column: Int?, key: String?)
        /// The `uri` setting.
        case uri
        /// A setting's value while deriving the connection parameters.
        case setting(String)

        public var description: String {
            switch self {
            case .environment(let name): "environment variable \(name)"
            case .yaml(let line, let column, let key):
                "YAML" + (key.map { " key \($0)" } ?? "")
                    + (line.map { " at line \($0)" + (column.map { " column \($0)" } ?? "") } ?? "")
            case .uri: "the uri setting"
            case .setting(let name): "setting \(name)"
            }
        }
    }

    /// What went wrong.
    package var code: Code
    /// The Ruby exception class the gem raises in the same situation
    /// (`"Psych::SyntaxError"`, `"NoMethodError"`, `"URI::InvalidURIError"`…), to
    /// compare with a recording's `error_class`.
    package var rubyClassName: String
    /// What was expected.
    package var expected: String
    /// What was found.
    package var found: String
    /// Where.
    package var source: Source

    /// Creates an error.
    package init(code: Code, rubyClassName: String, expected: String, found: String, source: Source) {
        self.code = code
        self.rubyClassName = rubyClassName
        self.expected = expected
        self.found = found
        self.source = source
    }

    public var description: String {
        "\(rubyClassName) (\(code)) in \(source): expected \(expected), found \(found)"
    }
}
