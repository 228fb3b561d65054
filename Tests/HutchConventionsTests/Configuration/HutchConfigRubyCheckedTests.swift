import Foundation
import HutchConventions
import HutchTestSupport
import Testing

/// Samples beyond the corpus, each answered by the real gems run locally (Ruby 3.1.2,
/// Psych 4.0.3, uri 0.11.0; hutch 1.1.0 / 1.3.1 / 1.4.0, hutch-schedule 0.7.3's
/// configuration patch), stored in `ruby-checked-config.json` beside this file:
/// either the full result object or the Ruby exception class.
struct RubyCheckedConfigSample: Sendable, CustomTestStringConvertible {
    let profile: VersionProfile
    let env: [String: String]
    let yaml: String?
    let uri: String?
    let expected: JSONObject

    var testDescription: String {
        "\(profile.hutch)\(profile.hutchScheduleLoaded ? "+schedule" : "") env=\(env) yaml=\(yaml.map { String(reflecting: $0) } ?? "-") uri=\(uri ?? "-")"
    }

    static let all: [RubyCheckedConfigSample] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ruby-checked-config.json")
        guard let text = try? String(contentsOf: url, encoding: .utf8), let list = try? RubyJSON.parse(text).arrayValue else { return [] }
        return list.compactMap { entry in
            guard let object = entry.objectValue, let version = object["hutch"]?.stringValue.flatMap(GemVersion.init),
                let sample = object["sample"]?.objectValue, let expected = object["expected"]?.objectValue
            else { return nil }
            var env: [String: String] = [:]
            for (key, value) in sample["env"]?.objectValue?.pairs ?? [] { env[key] = value.stringValue }
            return RubyCheckedConfigSample(
                profile: VersionProfile(hutch: version, hutchScheduleLoaded: object["hutch_schedule_loaded"]?.boolValue ?? false),
                env: env, yaml: sample["yaml"]?.stringValue, uri: sample["uri"]?.stringValue, expected: expected)
        }
    }()
}

@Suite struct HutchConfigRubyCheckedTests {
    @Test func fixtureIsPresent() {
        #expect(RubyCheckedConfigSample.all.count > 100)
    }

    @Test func matchesRuby() async {
        await checkEveryCase(RubyCheckedConfigSample.all, named: \.testDescription, Self.check)
    }

    private static func check(_ sample: RubyCheckedConfigSample) throws {
        let outcome = Result { () throws(HutchConfigError) -> HutchConfigLoad in
            try HutchConfig.load(env: sample.env, yaml: sample.yaml, uri: sample.uri, profile: sample.profile)
        }
        if let errorClass = sample.expected["error_class"]?.stringValue {
            switch outcome {
            case .success(let load):
                Issue.record("\(sample.testDescription): Ruby raised \(errorClass), Swift produced \(load.recordedResult)")
            case .failure(let error): #expect(error.rubyClassName == errorClass, "\(sample.testDescription): \(error)")
            }
            return
        }
        let result = try outcome.get().recordedResult
        for key in sample.expected.keys where key != "config" {
            #expect(result[key] == sample.expected[key], "\(sample.testDescription): \(key)")
        }
        let got = try #require(result["config"]?.objectValue, "\(sample.testDescription)")
        let want = try #require(sample.expected["config"]?.objectValue, "\(sample.testDescription)")
        #expect(got.keys == want.keys, "\(sample.testDescription): config key order")
        for key in want.keys where got[key] != want[key] {
            Issue.record(
                "\(sample.testDescription): config.\(key): Swift \(String(describing: got[key])), Ruby \(String(describing: want[key]))")
        }
    }
}
