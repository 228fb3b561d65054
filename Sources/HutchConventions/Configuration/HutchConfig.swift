/// `Hutch::Config` as a value: every setting of one version profile with its
/// current Ruby value, in Ruby's hash order.
///
/// Build one with ``load(env:yaml:uri:profile:)``, or step by step with
/// ``defaults(profile:)``, ``applyingEnvironment(_:)``, ``applyingYAML(_:)``,
/// ``settingURI(_:)`` and ``connectionParameters()``; every step returns a new value.
public struct HutchConfig: Sendable, Equatable {
    /// The version profile whose settings this holds.
    public let profile: VersionProfile
    /// The settings of that profile.
    package let settings: HutchSettings
    /// The values, one for each setting, in the settings' order.
    public private(set) var values: [HutchConfigValue]

    /// Hutch's defaults for `profile` (with hutch-schedule: its settings and
    /// `channel_prefetch` 20).
    public static func defaults(profile: VersionProfile) -> HutchConfig {
        HutchConfig(profile: profile)
    }

    private init(profile: VersionProfile) {
        self.profile = profile
        self.settings = HutchSettings(profile: profile)
        self.values = settings.all.map(\.defaultValue)
    }

    /// The value of setting `name`; `nil` when this version has no such setting.
    public subscript(name: String) -> HutchConfigValue? {
        settings.all.firstIndex { $0.name == name }.map { values[$0] }
    }

    /// `Hutch::Config.set(name, value)`: converts `value` for the setting's kind and
    /// stores it. Throws `NoMethodError` (`HutchConfigError.Code.unknownSetting`)
    /// for a name this version does not have.
    public func setting(_ name: String, to value: HutchConfigValue, source: HutchConfigError.Source? = nil) throws(HutchConfigError)
        -> HutchConfig
    {
        let where_ = source ?? .setting(name)
        guard let index = settings.all.firstIndex(where: { $0.name == name }) else {
            throw HutchConfigError(
                code: .unknownSetting, rubyClassName: "NoMethodError",
                expected: "a Hutch \(profile.hutch) setting name", found: name, source: where_)
        }
        var copy = self
        copy.values[index] = try RubyCoercion.typeCast(value, for: settings.all[index], source: where_)
        return copy
    }

    /// Reads `HUTCH_<NAME>` for every setting Hutch reads from the environment,
    /// converting each as Hutch does: numbers through `String#to_i` (`"abc"` → 0),
    /// booleans through `to_bool` (`"no"`, `"0"`, `"false"`, `""` → false), and the
    /// exact text `"false"` to `false` for every setting. Variables with other names
    /// (including lower-case ones) are ignored; an empty value is a value.
    public func applyingEnvironment(_ env: [String: String]) -> HutchConfig {
        var copy = self
        for (index, setting) in settings.all.enumerated() where setting.readFromEnvironment {
            guard let text = env[setting.environmentKey] else { continue }
            // String, number and boolean conversions of a String cannot fail.
            if let value = try? RubyCoercion.typeCast(.string(text), for: setting, source: .environment(setting.environmentKey)) {
                copy.values[index] = value
            }
        }
        return copy
    }

    /// Hutch's `load_from_file` on this YAML text: every key/value pair of the loaded
    /// document is given to the setter named after the key (`"#{key}="`), in order.
    ///
    /// Mirrors what Ruby raises: an unknown key is `NoMethodError` (the setter does
    /// not exist; pairs before it were already applied, but the load fails); a
    /// document that is not a mapping or sequence (`nil` for an empty file, a
    /// String, a number) is `NoMethodError` for `each`; a sequence gives its items
    /// as keys with `nil` values (or `[key, value]` pairs); `tracer` names a Ruby
    /// constant (accepted when it has a constant's shape; this model cannot check
    /// that the constant exists); the key `[]` reaches `Config.[]=` with one
    /// argument (`ArgumentError`).
    public func applyingYAML(_ text: String) throws(HutchConfigError) -> HutchConfig {
        let document = try RubyYAMLLoader.load(text)
        let pairs: [HutchConfigPair]
        switch document {
        case .hash(let h):
            pairs = h
        case .array(let items):
            pairs = items.map { item in
                if case .array(let inner) = item {
                    return HutchConfigPair(key: inner.first ?? .nil, value: inner.count > 1 ? inner[1] : .nil)
                }
                return HutchConfigPair(key: item, value: .nil)
            }
        default:
            throw HutchConfigError(
                code: .yamlNotAMapping, rubyClassName: "NoMethodError",
                expected: "a YAML mapping of setting names to values",
                found: "a \(document.rubyClassName) (not shown: such a document is often a .env file, which may hold a password)",
                source: .yaml(line: nil, column: nil, key: nil))
        }
        var config = self
        for pair in pairs {
            let name = pair.key.rubyToS
            let source = HutchConfigError.Source.yaml(line: nil, column: nil, key: Self.shownKey(name))
            if name == "[]" {
                throw HutchConfigError(
                    code: .wrongArgumentCount, rubyClassName: "ArgumentError",
                    expected: "a setting name", found: "the key [] (Config.[]= takes 2 arguments)", source: source)
            }
            guard settings[name] != nil else {
                throw HutchConfigError(
                    code: .unknownSetting, rubyClassName: "NoMethodError",
                    expected: "a Hutch \(profile.hutch) setting name", found: Self.shownKey(name), source: source)
            }
            var value = pair.value
            if case .string("tracer") = pair.key { value = try Self.tracerConstant(value, source: source) }
            config = try config.setting(name, to: value, source: source)
        }
        return config
    }

    /// `Hutch::Config.set(:uri, text)`, as a case's `uri` input does (`HUTCH_URI` in
    /// the environment sets the same setting). The URI is only read when the
    /// connection parameters are derived.
    public func settingURI(_ text: String) throws(HutchConfigError) -> HutchConfig {
        try setting("uri", to: .string(text), source: .uri)
    }

    /// `Kernel.const_get(value)` for the `tracer` key.
    private static func tracerConstant(_ value: HutchConfigValue, source: HutchConfigError.Source) throws(HutchConfigError)
        -> HutchConfigValue
    {
        guard case .string(let name) = value else {
            throw HutchConfigError(
                code: .unknownConstant, rubyClassName: "TypeError",
                expected: "a constant name for tracer", found: value.rubyInspect, source: source)
        }
        let segments = name.split(separator: "::", omittingEmptySubsequences: false)
        let valid =
            !segments.isEmpty
            && segments.allSatisfy { segment in
                guard let first = segment.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
                return segment.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
            }
        guard valid else {
            throw HutchConfigError(
                code: .unknownConstant, rubyClassName: "NameError",
                expected: "a constant name for tracer", found: name, source: source)
        }
        return .object(name)
    }

    /// The recorded `config` object: every setting whose value is a Ruby scalar
    /// (`nil`, boolean, Integer, Float, String), in Ruby's hash order, as the
    /// recorder serialises `Hutch::Config` after the connection parameters were derived.
    public var recordedConfigObject: JSONObject {
        JSONObject(zip(settings.all, values).filter { $0.1.isRecordedScalar }.map { ($0.0.name, $0.1.jsonValue) })
    }

    /// Loads a configuration as the recorded cases do and as a Hutch process would:
    /// defaults, then `HUTCH_*` variables (hutch-schedule, when loaded, then forces
    /// `channel_prefetch` to 20), then the YAML text, then `uri`; then derives the
    /// connection parameters, which writes the URI's parts back into the settings.
    public static func load(
        env: [String: String] = [:], yaml: String? = nil, uri: String? = nil, profile: VersionProfile
    ) throws(HutchConfigError) -> HutchConfigLoad {
        var config = defaults(profile: profile).applyingEnvironment(env)
        if let yaml { config = try config.applyingYAML(yaml) }
        if let uri { config = try config.settingURI(uri) }
        return try config.connectionParameters()
    }
}
