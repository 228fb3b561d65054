import HutchConventions

/// `config` cases: `Hutch::Config` after applying environment variables, then a YAML
/// file, then a URI — the connection values Hutch derives (host, port, vhost, user,
/// password, TLS, the URI it logs) and every scalar setting.
package struct ConfigChecker: CaseChecker {
    package let kind = "config"

    /// Creates the checker.
    package init() {}

    package func check(_ recorded: RecordedCase, environment: CheckEnvironment) throws(CaseFileError) -> [CaseResult.Check] {
        let samples = try recorded.inputReader.objects("samples")
        let results = try recorded.expectedReader.objects("results")
        guard samples.count == results.count else {
            throw recorded.expectedReader.error("results", expected: "one result per input sample (\(samples.count))")
        }
        var differ = ModelDiffer()
        for (index, (sample, ruby)) in zip(samples, results).enumerated() {
            var env: [String: String] = [:]
            for (key, value) in try sample.object("env").object.pairs {
                guard let text = value.stringValue else {
                    throw CaseFileError(
                        file: recorded.file, field: "\(sample.fieldPath("env")).\(key)", expected: "a string", found: summary(of: value))
                }
                env[key] = text
            }
            let path = "results[\(index)]"
            let yaml = try sample.optionalString("yaml")
            let uri = try sample.optionalString("uri")
            let swift: JSONObject
            do {
                swift = try HutchConfig.load(env: env, yaml: yaml, uri: uri, profile: recorded.profile).recordedResult
            } catch {
                differ.compare(path + ".error_class", ruby: try ruby.optionalString("error_class"), swift: error.rubyClassName)
                continue
            }
            Self.compare(path, ruby: ruby.object, swift: swift, differ: &differ)
        }
        return [CaseResult.Check(name: "results", differences: differ.differences)]
    }

    /// Compares two JSON objects key by key (nested objects recursively), by the JSON
    /// text Ruby would write for each value.
    static func compare(_ path: String, ruby: JSONObject, swift: JSONObject, differ: inout ModelDiffer) {
        var keys = ruby.keys
        for key in swift.keys where !keys.contains(key) { keys.append(key) }
        for key in keys {
            let keyPath = "\(path).\(key)"
            switch (ruby[key], swift[key]) {
            case (.object(let r)?, .object(let s)?): compare(keyPath, ruby: r, swift: s, differ: &differ)
            case (let r, let s): differ.compare(keyPath, ruby: text(r), swift: text(s))
            }
        }
    }

    static func text(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        return (try? RubyJSON.generateString(value)) ?? value.rubyClassName
    }
}
